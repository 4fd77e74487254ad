"""Quảng Nam Provincial Party Committee (DotNetNuke); URL modelled on portals.md, not checked live."""

from danvan_crawler.platforms import DotNetNukeSpider


class QuangNamTinhUySpider(DotNetNukeSpider):
    name = "quangnam_tinhuy"
    site_name = "Tỉnh ủy Quảng Nam"
    allowed_domains = ["quangnam.dcs.vn"]
    sections = {
        "Hoạt động Đảng - Đoàn thể": "https://quangnam.dcs.vn/vi-vn/bai-viet/nhom/id/359/key/hoat-dong-dang-doan-the"
    }
