"""Phụ lục III, Mục I of NĐ 30/2020: type codes (exact case) and the tên loại printed on the document;
and `CV`, the code vanthu gives a công văn (which has none in the decree).

A plain table that loads nothing, so that `vanthu --help` can list the codes and the model can
check them; what each kind does is the kind's module (registry.py)."""

LOAI_VAN_BAN = {
    "NQ": "NGHỊ QUYẾT", "QĐ": "QUYẾT ĐỊNH", "CT": "CHỈ THỊ", "QC": "QUY CHẾ", "QyĐ": "QUY ĐỊNH",
    "TC": "THÔNG CÁO", "TB": "THÔNG BÁO", "HD": "HƯỚNG DẪN", "CTr": "CHƯƠNG TRÌNH", "KH": "KẾ HOẠCH",
    "PA": "PHƯƠNG ÁN", "ĐA": "ĐỀ ÁN", "DA": "DỰ ÁN", "BC": "BÁO CÁO", "BB": "BIÊN BẢN", "TTr": "TỜ TRÌNH",
    "HĐ": "HỢP ĐỒNG", "CĐ": "CÔNG ĐIỆN", "BGN": "BẢN GHI NHỚ", "BTT": "BẢN THỎA THUẬN", "GUQ": "GIẤY ỦY QUYỀN",
    "GM": "GIẤY MỜI", "GGT": "GIẤY GIỚI THIỆU", "GNP": "GIẤY NGHỈ PHÉP", "PG": "PHIẾU GỬI", "PC": "PHIẾU CHUYỂN",
    "PB": "PHIẾU BÁO",
}

# Công văn has no type code of Phụ lục III; vanthu writes it `CV` in data and in the register.
CONG_VAN = "CV"
KIND_CODES = (*LOAI_VAN_BAN, CONG_VAN)


def ten_loai(code: str) -> str:
    """What the register calls a kind: its tên loại, `CÔNG VĂN` for a công văn."""
    return "CÔNG VĂN" if code == CONG_VAN else LOAI_VAN_BAN[code]
