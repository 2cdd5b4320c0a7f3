"""Task contents in the style of the province's conclusion notices (illustrative, not quotations)."""

from dondoc.tasks.models import Field

# (content, field). "{unit}" is replaced by the lead unit's short name where it reads naturally.
CONTENTS: list[tuple[str, Field]] = [
    (
        "Rà soát, đẩy nhanh tiến độ giải ngân vốn đầu tư công năm {year}, báo cáo UBND tỉnh kết quả thực hiện",
        Field.ECONOMY,
    ),
    (
        "Tăng cường các biện pháp chống thất thu, phấn đấu hoàn thành dự toán thu ngân sách nhà nước năm {year}",
        Field.ECONOMY,
    ),
    (
        "Hoàn thiện hồ sơ đề xuất chủ trương đầu tư dự án cải tạo, nâng cấp đường giao thông liên xã",
        Field.CONSTRUCTION,
    ),
    (
        "Đẩy nhanh công tác bồi thường, giải phóng mặt bằng dự án đường cao tốc Đồng Đăng - Trà Lĩnh đoạn qua địa bàn",
        Field.CONSTRUCTION,
    ),
    (
        "Giải quyết dứt điểm vướng mắc về đất đai tại khu tái định cư, báo cáo kết quả trước thời hạn",
        Field.AGRICULTURE,
    ),
    (
        "Triển khai kế hoạch trồng rừng, chăm sóc và bảo vệ rừng; phòng cháy, chữa cháy rừng mùa khô",
        Field.AGRICULTURE,
    ),
    (
        "Xây dựng phương án phòng, chống dịch tả lợn châu Phi, không để dịch lây lan trên diện rộng",
        Field.AGRICULTURE,
    ),
    (
        "Rà soát các tiêu chí xây dựng nông thôn mới, nông thôn mới nâng cao; xây dựng lộ trình đạt chuẩn",
        Field.AGRICULTURE,
    ),
    (
        "Kiểm tra, xử lý nghiêm các trường hợp khai thác khoáng sản trái phép trên địa bàn",
        Field.AGRICULTURE,
    ),
    (
        "Chỉ đạo bộ phận một cửa giải quyết hồ sơ thủ tục hành chính đúng hạn, công khai xin lỗi khi trễ hạn",
        Field.REFORM,
    ),
    (
        "Nâng tỷ lệ hồ sơ thủ tục hành chính tiếp nhận, giải quyết trực tuyến toàn trình",
        Field.REFORM,
    ),
    (
        "Triển khai Đề án 06 về phát triển ứng dụng dữ liệu dân cư, định danh và xác thực điện tử",
        Field.REFORM,
    ),
    (
        "Rà soát, sắp xếp bộ máy, bố trí công chức tại bộ phận một cửa theo đúng quy định",
        Field.REFORM,
    ),
    (
        "Cải thiện Chỉ số năng lực cạnh tranh cấp tỉnh (PCI), khắc phục các chỉ số thành phần giảm điểm",
        Field.ECONOMY,
    ),
    (
        "Đảm bảo thông quan hàng hóa thông suốt tại các cửa khẩu, giải tỏa ùn tắc phương tiện",
        Field.BORDER,
    ),
    (
        "Phối hợp kiểm soát chặt chẽ hoạt động xuất nhập cảnh, chống buôn lậu, gian lận thương mại qua biên giới",
        Field.BORDER,
    ),
    (
        "Xây dựng kế hoạch phát triển kinh tế cửa khẩu, hoàn thiện hạ tầng khu kiểm soát hàng hóa",
        Field.BORDER,
    ),
    (
        "Chuẩn bị các điều kiện đảm bảo cho năm học mới; rà soát cơ sở vật chất, đội ngũ giáo viên",
        Field.SOCIETY,
    ),
    (
        "Triển khai chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số",
        Field.SOCIETY,
    ),
    (
        "Thực hiện đầy đủ, kịp thời chính sách đối với người có công, hộ nghèo, hộ cận nghèo",
        Field.SOCIETY,
    ),
    (
        "Tổ chức các hoạt động văn hóa, thể thao chào mừng ngày lễ lớn, bảo đảm an toàn, tiết kiệm",
        Field.SOCIETY,
    ),
    (
        "Kiểm tra an toàn thực phẩm tại các cơ sở sản xuất, kinh doanh trong dịp Tết Nguyên đán",
        Field.SOCIETY,
    ),
    (
        "Tăng cường công tác tiếp công dân, giải quyết đơn thư khiếu nại, tố cáo ngay từ cơ sở",
        Field.INTERNAL,
    ),
    (
        "Đảm bảo an ninh trật tự, an toàn giao thông; kiểm soát tải trọng phương tiện trên các tuyến đường",
        Field.INTERNAL,
    ),
    (
        "Thực hiện kết luận thanh tra về quản lý, sử dụng đất đai; báo cáo kết quả khắc phục",
        Field.INTERNAL,
    ),
    (
        "Rà soát, hoàn thiện quy hoạch chung xây dựng đô thị, công bố công khai quy hoạch được duyệt",
        Field.CONSTRUCTION,
    ),
    (
        "Đôn đốc nhà thầu đẩy nhanh tiến độ công trình trường học, trạm y tế trước mùa mưa lũ",
        Field.CONSTRUCTION,
    ),
    ("Xây dựng phương án phòng, chống thiên tai và tìm kiếm cứu nạn năm {year}", Field.AGRICULTURE),
    (
        "Tổng hợp, báo cáo tình hình thực hiện các chỉ tiêu chủ yếu phát triển kinh tế - xã hội",
        Field.ECONOMY,
    ),
    (
        "Giải quyết kiến nghị của cử tri về cấp nước sinh hoạt tập trung cho các thôn vùng cao",
        Field.SOCIETY,
    ),
    (
        "Trả lời kiến nghị của cử tri về sửa chữa đường vào trung tâm xã bị sạt lở sau mưa lũ",
        Field.CONSTRUCTION,
    ),
    (
        "Khắc phục tồn tại, hạn chế được chỉ ra tại buổi kiểm tra của Tổ công tác của Chủ tịch UBND tỉnh",
        Field.REFORM,
    ),
]

KEY_CONTENTS: list[str] = [
    "Hoàn thành chỉ tiêu thu ngân sách trên địa bàn 6 tháng đầu năm",
    "Giải ngân tối thiểu 60% kế hoạch vốn đầu tư công được giao",
    "Đạt chuẩn nông thôn mới thêm 02 xã theo kế hoạch",
    "Hoàn thành bồi thường, giải phóng mặt bằng khu đô thị mới",
    "Duy trì tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn",
    "Triển khai tiêm chủng mở rộng, phòng chống dịch bệnh trên địa bàn",
    "Hoàn thành kế hoạch trồng rừng tập trung vụ xuân",
    "Kiên cố hóa kênh mương nội đồng theo kế hoạch",
    "Xóa nhà tạm, nhà dột nát cho hộ nghèo",
    "Nâng cấp chợ trung tâm, sắp xếp hoạt động kinh doanh",
    "Sắp xếp, sáp nhập thôn, khối phố theo nghị quyết",
    "Chỉnh trang đô thị khu vực cửa khẩu",
    "Tổ chức kỳ thi tốt nghiệp trung học phổ thông an toàn, nghiêm túc",
    "Rà soát hộ nghèo, cận nghèo giữa kỳ",
    "Phát triển sản phẩm OCOP đạt 3 sao trở lên",
    "Đảm bảo cung ứng điện, nước phục vụ sản xuất và sinh hoạt mùa khô",
]

PROGRESS_NOTES = [
    "Đã ban hành kế hoạch triển khai, phân công các phòng, ban chuyên môn thực hiện.",
    "Đang tổ chức khảo sát hiện trạng, tổng hợp số liệu.",
    "Đã hoàn thành dự thảo, đang lấy ý kiến các đơn vị phối hợp.",
    "Khối lượng thực hiện đạt khoảng một nửa kế hoạch; đang đôn đốc nhà thầu.",
    "Đã họp với các đơn vị liên quan để tháo gỡ vướng mắc.",
]

RESULTS = [
    "Đã hoàn thành, có báo cáo kết quả gửi UBND tỉnh.",
    "Đã ban hành văn bản triển khai và báo cáo kết quả thực hiện.",
    "Đã hoàn thành các nội dung được giao; hồ sơ kèm theo.",
]

LATENESS = [
    "Vướng mắc trong công tác bồi thường, giải phóng mặt bằng.",
    "Chờ ý kiến thẩm định của sở chuyên ngành.",
    "Thời tiết mưa lũ kéo dài ảnh hưởng tiến độ thi công.",
]
