"""Bình Định province (VNPT eportal on Liferay); URL modelled on portals.md, not checked live."""

from danvan_crawler.platforms import LiferaySpider


class BinhDinhSpider(LiferaySpider):
    name = "binhdinh"
    site_name = "Cổng thông tin điện tử tỉnh Bình Định"
    allowed_domains = ["binhdinh.gov.vn"]
    sections = {"Công tác dân vận": "https://binhdinh.gov.vn/tin-tuc/cong-tac-dan-van"}
