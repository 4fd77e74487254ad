"""Quảng Trị province (Liferay 7); URL modelled on portals.md, not checked live."""

from danvan_crawler.platforms import LiferaySpider


class QuangTriSpider(LiferaySpider):
    name = "quangtri"
    site_name = "Cổng thông tin điện tử tỉnh Quảng Trị"
    allowed_domains = ["quangtri.gov.vn"]
    sections = {"Hoạt động Đảng - Đoàn thể": "https://quangtri.gov.vn/web/guest/hoat-dong-dang-doan-the"}
