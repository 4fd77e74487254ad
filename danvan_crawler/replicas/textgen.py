"""Deterministic Vietnamese news prose about mass-mobilisation work, for replica articles."""

from __future__ import annotations

import random

UNITS = [
    "Ban Dân vận Huyện ủy",
    "Ủy ban MTTQ Việt Nam huyện",
    "Hội Nông dân huyện",
    "Hội Liên hiệp Phụ nữ huyện",
    "Huyện đoàn",
    "Hội Cựu chiến binh huyện",
    "Liên đoàn Lao động huyện",
    "Ban Thường vụ Huyện ủy",
    "Đảng ủy thị trấn",
    "Khối Dân vận huyện",
]
EVENTS = [
    "tổ chức hội nghị sơ kết công tác dân vận",
    "triển khai phong trào thi đua “Dân vận khéo”",
    "tổng kết việc thực hiện quy chế dân chủ ở cơ sở",
    "ra mắt mô hình “Dân vận khéo” về xây dựng nông thôn mới",
    "tập huấn nghiệp vụ công tác dân vận cho cán bộ cơ sở",
    "tổ chức Ngày hội Đại đoàn kết toàn dân tộc",
    "bàn giao nhà Đại đoàn kết cho hộ nghèo",
    "giao ban công tác Mặt trận và các đoàn thể",
    "kiểm tra công tác xây dựng Đảng ở chi bộ ấp",
    "phát động tháng cao điểm vì người nghèo",
    "đối thoại giữa người đứng đầu cấp ủy với đoàn viên, hội viên",
    "sơ kết công tác dân vận chính quyền",
    "tổ chức lớp bồi dưỡng lý luận chính trị cho đảng viên mới",
    "gặp mặt người có uy tín trong đồng bào dân tộc, tôn giáo",
]
PLACES = [
    "xã Vĩnh Phú", "xã Định Thành", "thị trấn Núi Sập", "xã Tây Phú", "xã Phú Thuận",
    "xã An Bình", "xã Bình Thành", "thị trấn Phú Hòa", "xã Mỹ Phú Đông", "xã Vọng Thê",
    "xã Tân Hiệp", "phường 4", "phường 10", "xã Phước Hưng", "xã Tam Phước", "xã An Ngãi",
]  # fmt: skip
PEOPLE = [
    "Nguyễn Thị Minh Hằng", "Trần Văn Phúc", "Lê Hoàng Nam", "Phạm Thị Kim Ngân",
    "Võ Thanh Tâm", "Huỳnh Văn Lộc", "Đặng Thị Thu Trang", "Ngô Quốc Bảo",
]  # fmt: skip
ROLES = [
    "Phó Bí thư Thường trực Huyện ủy",
    "Trưởng Ban Dân vận Huyện ủy",
    "Chủ tịch Ủy ban MTTQ Việt Nam huyện",
    "Chủ tịch Hội Nông dân huyện",
    "Bí thư Huyện đoàn",
    "Phó Chủ tịch UBND huyện",
]
BYLINE_NAMES = [
    "Minh Tâm", "Thanh Hà", "Ngọc Ánh", "Hoàng Long", "Thu Trang", "Văn Phúc",
    "Kim Ngân", "Quốc Bảo", "Bảo Trân", "Hữu Nghĩa", "Mỹ Duyên", "Trung Kiên",
]  # fmt: skip
CAPTIONS = [
    "Quang cảnh hội nghị",
    "Đại biểu phát biểu tham luận tại hội nghị",
    "Lãnh đạo huyện trao giấy khen cho các tập thể tiêu biểu",
    "Các đại biểu tham quan mô hình “Dân vận khéo”",
    "Trao quà cho hộ gia đình có hoàn cảnh khó khăn",
    "Đoàn viên thanh niên ra quân làm sạch đường làng",
]
SENTENCES = [
    "Trong thời gian qua, {unit} đã phối hợp chặt chẽ với các ngành, đoàn thể triển khai "
    "nhiều giải pháp thiết thực, góp phần củng cố khối đại đoàn kết toàn dân tộc tại {place}.",
    "Toàn huyện hiện có {n} mô hình, điển hình “Dân vận khéo” được đăng ký và triển khai, "
    "trong đó nhiều mô hình mang lại hiệu quả rõ nét trong phát triển kinh tế - xã hội.",
    "Công tác tuyên truyền, vận động Nhân dân thực hiện chủ trương của Đảng, chính sách, "
    "pháp luật của Nhà nước được đẩy mạnh với {m} buổi tuyên truyền, thu hút trên {k} lượt người tham dự.",
    "Việc thực hiện quy chế dân chủ ở cơ sở tiếp tục được quan tâm, phương châm “Dân biết, "
    "dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng” được phát huy.",
    "Mặt trận Tổ quốc và các tổ chức chính trị - xã hội đã vận động đoàn viên, hội viên "
    "đóng góp {money} triệu đồng xây dựng {h} căn nhà Đại đoàn kết cho hộ nghèo.",
    "Phát biểu chỉ đạo, đồng chí {person}, {role}, ghi nhận những kết quả đạt được, đồng thời "
    "đề nghị các đơn vị tiếp tục nâng cao chất lượng công tác dân vận trong tình hình mới.",
    "Bên cạnh kết quả đạt được, công tác dân vận ở một số nơi vẫn còn hạn chế, việc nắm bắt "
    "tâm tư, nguyện vọng của Nhân dân có lúc chưa kịp thời, tỷ lệ tập hợp hội viên còn thấp.",
    "Hội Nông dân huyện đã phối hợp tổ chức {m} lớp tập huấn chuyển giao khoa học kỹ thuật "
    "cho {k} lượt hội viên, hỗ trợ vốn vay giúp nhiều hộ vươn lên thoát nghèo bền vững.",
    "Hội Liên hiệp Phụ nữ và Đoàn Thanh niên tích cực tham gia xây dựng nông thôn mới, "
    "đô thị văn minh, ra quân {m} đợt vệ sinh môi trường tại {place}.",
    "Hội Cựu chiến binh và Công đoàn cơ sở phát huy vai trò nòng cốt trong giữ gìn an ninh "
    "trật tự, phòng, chống tội phạm và tệ nạn xã hội trên địa bàn {place}.",
    "Các cấp ủy đảng thường xuyên quan tâm công tác xây dựng Đảng, nâng cao trách nhiệm nêu "
    "gương của cán bộ, đảng viên, nhất là người đứng đầu trong quan hệ với Nhân dân.",
    "Dịp này, {unit} đã khen thưởng {h} tập thể và {m} cá nhân có thành tích xuất sắc "
    "trong phong trào thi đua “Dân vận khéo” giai đoạn {y1}-{y2}.",
    "Thời gian tới, các đơn vị tập trung đổi mới nội dung, phương thức hoạt động, hướng "
    "mạnh về cơ sở, gần dân, sát dân, giải quyết kịp thời những vấn đề bức xúc phát sinh.",
]


class TextGen:
    """Titles, paragraphs, bylines and captions from one seeded random source."""

    def __init__(self, seed: str):
        self.rng = random.Random(seed)
        self.used_titles: set[str] = set()

    def title(self, year: int) -> str:
        """A distinct headline."""
        while True:
            unit = self.rng.choice(UNITS)
            event = self.rng.choice(EVENTS)
            period = self.rng.choice(
                [
                    f"năm {year}",
                    f"6 tháng đầu năm {year}",
                    f"quý {self.rng.choice(['I', 'II', 'III', 'IV'])} năm {year}",
                    f"tại {self.rng.choice(PLACES)}",
                ]
            )
            title = f"{unit} {event} {period}"
            if title not in self.used_titles:
                self.used_titles.add(title)
                return title

    def paragraph(self, year: int) -> str:
        """A 200-500 character paragraph of 2-3 sentences."""
        sentences = self.rng.sample(SENTENCES, self.rng.randint(2, 3))
        text = " ".join(s.format(**self._slots(year)) for s in sentences)
        while len(text) < 200:
            text += " " + self.rng.choice(SENTENCES).format(**self._slots(year))
        return text

    def _slots(self, year: int) -> dict:
        r = self.rng
        return {
            "unit": r.choice(UNITS),
            "place": r.choice(PLACES),
            "person": r.choice(PEOPLE),
            "role": r.choice(ROLES),
            "n": r.randint(40, 260),
            "m": r.randint(3, 90),
            "k": r.randint(300, 9000),
            "h": r.randint(2, 40),
            "money": r.randint(50, 2500),
            "y1": year - 1,
            "y2": year,
        }

    def body(self, year: int) -> list[str]:
        """3-5 paragraphs."""
        return [self.paragraph(year) for _ in range(self.rng.randint(3, 5))]

    def byline(self, style: str) -> str | None:
        """A byline in the portal's style, or None (some articles carry none)."""
        if self.rng.random() < 0.15:
            return None
        name = self.rng.choice(BYLINE_NAMES)
        if style == "pair":
            other = self.rng.choice([n for n in BYLINE_NAMES if n != name])
            return f"{name} – {other}" if self.rng.random() < 0.5 else name
        if style == "source":
            return self.rng.choice([f"Tin: {name}", f"Tin, ảnh: {name}", "Tin: ĐTT huyện"])
        return name

    def caption(self) -> str:
        """A photo caption."""
        return self.rng.choice(CAPTIONS)

    def notice(self, month: int, year: int, lead: str = "") -> str:
        """A one-paragraph notice under 250 characters."""
        day = self.rng.choice(["thứ Hai", "thứ Năm", "thứ Sáu"])
        return (
            f"{lead}Ban Dân vận Huyện ủy thông báo lịch tiếp công dân tháng {month}/{year} vào sáng "
            f"{day} hằng tuần tại {self.rng.choice(PLACES)}, đề nghị các đơn vị thông báo rộng rãi."
        )
