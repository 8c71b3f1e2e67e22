"""Phụ lục III, Mục I of NĐ 30/2020: type codes (exact case) and the tên loại printed on the document.

A plain table, apart from the models, so that `vanthu --help` can list the codes without loading them."""

LOAI_VAN_BAN = {
    "NQ": "NGHỊ QUYẾT", "QĐ": "QUYẾT ĐỊNH", "CT": "CHỈ THỊ", "QC": "QUY CHẾ", "QyĐ": "QUY ĐỊNH",
    "TC": "THÔNG CÁO", "TB": "THÔNG BÁO", "HD": "HƯỚNG DẪN", "CTr": "CHƯƠNG TRÌNH", "KH": "KẾ HOẠCH",
    "PA": "PHƯƠNG ÁN", "ĐA": "ĐỀ ÁN", "DA": "DỰ ÁN", "BC": "BÁO CÁO", "BB": "BIÊN BẢN", "TTr": "TỜ TRÌNH",
    "HĐ": "HỢP ĐỒNG", "CĐ": "CÔNG ĐIỆN", "BGN": "BẢN GHI NHỚ", "BTT": "BẢN THỎA THUẬN", "GUQ": "GIẤY ỦY QUYỀN",
    "GM": "GIẤY MỜI", "GGT": "GIẤY GIỚI THIỆU", "GNP": "GIẤY NGHỈ PHÉP", "PG": "PHIẾU GỬI", "PC": "PHIẾU CHUYỂN",
    "PB": "PHIẾU BÁO",
}
