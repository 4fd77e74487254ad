"""Ban Dân vận Tỉnh ủy Vĩnh Long (DotNetNuke, `tabid` URLs); URL modelled on portals.md, unchecked."""

from danvan_crawler.platforms import DotNetNukeSpider


class VinhLongDanVanSpider(DotNetNukeSpider):
    name = "vinhlong_danvan"
    site_name = "Ban Dân vận Tỉnh ủy Vĩnh Long"
    allowed_domains = ["danvan.vinhlong.gov.vn"]
    sections = {"Tin hoạt động": "https://danvan.vinhlong.gov.vn/Default.aspx?tabid=119"}
