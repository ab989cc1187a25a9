"""The catalog: categories, products, images, bulk import and export."""
