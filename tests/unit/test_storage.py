"""The upload storage keeps files inside its folder and identifies them by content."""

import io

import pytest

from core.storage import LocalStorage, StorageError, sniff


def test_save_and_read_back(tmp_path):
    storage = LocalStorage(tmp_path)
    key = storage.save(io.BytesIO(b"\x89PNG\r\n\x1a\nrest"), "images", "png")
    assert key.startswith("images/") and key.endswith(".png")
    with storage.open(key) as f:
        assert f.read() == b"\x89PNG\r\n\x1a\nrest"
    storage.delete(key)
    assert not storage.exists(key)


def test_keys_cannot_escape_the_folder(tmp_path):
    storage = LocalStorage(tmp_path / "uploads")
    (tmp_path / "secret.txt").write_text("x")
    assert not storage.exists("../secret.txt")
    with pytest.raises(StorageError):
        storage.open("../secret.txt")
    with pytest.raises(StorageError):
        storage.save(io.BytesIO(b"x"), "../evil", "png")


def test_size_limit_leaves_no_file(tmp_path):
    storage = LocalStorage(tmp_path)
    with pytest.raises(StorageError):
        storage.save(io.BytesIO(b"x" * 1000), "docs", "pdf", max_bytes=100)
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\xff\xd8\xff\xe0", ("image/jpeg", "jpg")),
        (b"\x89PNG\r\n\x1a\n", ("image/png", "png")),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", ("image/webp", "webp")),
        (b"%PDF-1.7", ("application/pdf", "pdf")),
        (b"<html><script>", None),
        (b"MZ\x90\x00", None),
    ],
)
def test_sniff_by_content(head, expected):
    assert sniff(head) == expected
