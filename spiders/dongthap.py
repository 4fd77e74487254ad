"""Đồng Tháp province (Liferay 6.2), "Chính trị - Xã hội"; URL modelled on portals.md, not checked live."""

from danvan_crawler.platforms import LiferaySpider


class DongThapSpider(LiferaySpider):
    name = "dongthap"
    site_name = "Cổng thông tin điện tử tỉnh Đồng Tháp"
    allowed_domains = ["dongthap.gov.vn"]
    sections = {"Chính trị - Xã hội": "https://dongthap.gov.vn/chinh-tri-xa-hoi"}
