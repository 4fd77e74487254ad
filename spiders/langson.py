"""Lạng Sơn province (Drupal): news of the Ban Dân vận Tỉnh ủy; dates only in the lead."""

from danvan_crawler.platforms import DrupalSpider


class LangSonSpider(DrupalSpider):
    name = "langson"
    site_name = "Cổng thông tin điện tử tỉnh Lạng Sơn"
    allowed_domains = ["langson.gov.vn"]
    sections = {"Tin hoạt động dân vận": "https://langson.gov.vn/tin-tuc/hoat-dong-dan-van"}
    date_from_lead = True
