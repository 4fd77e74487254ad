"""Long Điền district, Bà Rịa–Vũng Tàu (custom CMS), "Chính trị - Xã hội"; dates in the lead."""

from danvan_crawler.platforms import GenericSpider


class LongDienBrvtSpider(GenericSpider):
    name = "longdien_brvt"
    site_name = "Cổng thông tin điện tử huyện Long Điền"
    allowed_domains = ["longdien.baria-vungtau.gov.vn"]
    sections = {"Chính trị - Xã hội": "https://longdien.baria-vungtau.gov.vn/chinh-tri-xa-hoi/"}
    date_from_lead = True
