"""What the public sees of the expo, and the one way it is read.

* ``visibility``: the rule of what is public, as SQL clauses: a product is public when it is
  published and its supplier is verified (an archived, pending or draft product is not); an
  exhibitor when its organization is verified; an image once it passed review. Every listing,
  card, count, sitemap and page below uses these clauses, and nothing else says it.
* ``models``: the read models the public templates get: frozen dataclasses, never ORM
  entities (a public template never sees both).
* ``reads``: the functions that load them, one per kind of page, with Core statements built
  once (on PostgreSQL run straight on the driver by ``core.reads``).
* ``cards``: product and exhibitor cards, rendered once per version and kept in a cache region.
* ``categories``: the category tree and the public totals per category, held per process.
* ``urls`` and ``seo``: addresses of products, booths and images; JSON-LD.

Staff and exhibitors' own pages read the ORM models in their domains; they see what is not
public yet.
"""
