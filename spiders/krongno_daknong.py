"""Krông Nô district, Đắk Nông (SharePoint list, postback paging); URL not checked live."""

from danvan_crawler.platforms import SharePointSpider


class KrongNoDakNongSpider(SharePointSpider):
    name = "krongno_daknong"
    site_name = "Cổng thông tin điện tử huyện Krông Nô"
    allowed_domains = ["krongno.daknong.gov.vn"]
    sections = {"Dân vận": "https://krongno.daknong.gov.vn/Trang/TinDanVan.aspx"}
