"""Thoại Sơn district, An Giang (Drupal), section "Hoạt động Đảng - Đoàn thể"."""

from danvan_crawler.platforms import DrupalSpider


class ThoaiSonAnGiangSpider(DrupalSpider):
    name = "thoaison_angiang"
    site_name = "Cổng thông tin điện tử huyện Thoại Sơn"
    allowed_domains = ["thoaison.angiang.gov.vn"]
    sections = {
        "Hoạt động Đảng - Đoàn thể": "https://thoaison.angiang.gov.vn/vi/chuyen-muc/hoat-dong-dang-doan-the",
    }
