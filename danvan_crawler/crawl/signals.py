"""Custom Scrapy signals."""

# Sent with (url, reason, detail, spider) when a page cannot become an article:
# a download error, an HTTP error, a page that fails validation, an empty section.
page_failed = object()
