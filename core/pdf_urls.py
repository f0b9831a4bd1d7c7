"""The addresses PDF templates give the project's files, shared by the renderer (core.pdf) and
the fetcher that serves them to WeasyPrint (core.pdf_fetcher)."""

# Templates name their files under this origin; the ".invalid" domain can never resolve, so a
# URL under it that the fetcher does not serve from the project fails without touching a network.
PDF_ORIGIN = "https://pdf.praxis.invalid"
STATIC_PREFIX = "/static/"
MEDIA_PREFIX = "/media/"
