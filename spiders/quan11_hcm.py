"""District 11, Ho Chi Minh City (SharePoint 2010 + Lạc Việt CMS)."""

from danvan_crawler.platforms import SharePointSpider


class Quan11HcmSpider(SharePointSpider):
    name = "quan11_hcm"
    site_name = "Cổng thông tin điện tử Quận 11"
    allowed_domains = ["quan11.hochiminhcity.gov.vn"]
    sections = {
        "Hoạt động Đảng - Đoàn thể": "https://quan11.hochiminhcity.gov.vn/Lists/Posts/AllPosts.aspx?CategoryId=16",
    }
