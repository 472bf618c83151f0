"""The static linked-data site (``kgtool site -o DIR``): a layer above :mod:`kgtool.export`.

One HTML page per entity in English and French with its schema.org JSON-LD, its Turtle and JSON-LD
files, index pages, the saved queries with their answers, a prebuilt search index, pictures, and the
``.htaccess`` rules of content negotiation. :func:`kgtool.site.build.build_site` writes it.
"""
