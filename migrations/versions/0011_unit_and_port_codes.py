"""order units and ports as codes

Products keep the code of their order unit and FOB port (marketplace.catalog.terms), so each
reader sees the name in their language. Values written before, as free text, become codes
where they name a listed unit or port ("pcs", "Ningbo", "件"); others stay as written and
show as written.

Revision ID: 0011_unit_and_port_codes
Revises: 0010_booths_of_verified
Create Date: 2026-12-06 09:00:00
"""

import sqlalchemy as sa
from alembic import op

from marketplace.catalog.terms import port_code, unit_code

revision = "0011_unit_and_port_codes"
down_revision = "0010_booths_of_verified"
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    for column, code_of in (("moq_unit", unit_code), ("fob_port", port_code)):
        values = bind.execute(sa.text(f"SELECT DISTINCT {column} FROM products WHERE {column} IS NOT NULL")).scalars()
        for value in list(values):
            code = code_of(value)
            if code and code != value:
                bind.execute(
                    sa.text(f"UPDATE products SET {column} = :code WHERE {column} = :value"),
                    {"code": code, "value": value},
                )


def downgrade():
    pass  # codes are valid free text
