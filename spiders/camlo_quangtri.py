"""Cam Lộ district, Quảng Trị (custom PHP CMS); URL modelled on portals.md, not checked live."""

from danvan_crawler.platforms import CustomPhpSpider


class CamLoQuangTriSpider(CustomPhpSpider):
    name = "camlo_quangtri"
    site_name = "Cổng thông tin điện tử huyện Cam Lộ"
    allowed_domains = ["camlo.quangtri.gov.vn"]
    sections = {
        "Mặt trận - Đoàn thể": "https://camlo.quangtri.gov.vn/index.php?com=danhmuc_tin&id_category=22"
    }
