"""la34.com.vn: Long An provincial radio-TV (WordPress), "Dân vận" category."""

from danvan_crawler.platforms import WordPressSpider


class La34Spider(WordPressSpider):
    name = "la34"
    site_name = "Đài Phát thanh và Truyền hình Long An"
    allowed_domains = ["la34.com.vn"]
    sections = {"Dân vận": "https://la34.com.vn/category/dan-van/"}
