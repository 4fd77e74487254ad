"""One template per platform: listing pages, article pages and robots.txt in its own markup."""
