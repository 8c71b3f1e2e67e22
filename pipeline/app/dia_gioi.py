"""Where a school is, since 1 July 2025: the provinces and wards to choose from, and the chủ quản
and địa danh a clerk writes for a school there."""

from __future__ import annotations

from dataclasses import dataclass

from .. import dia_gioi


@dataclass(frozen=True)
class PlaceSuggestion:
    """The header values for a school at a place (`tinh`, `xa` as the dataset writes them)."""

    tinh: str
    xa: str
    co_quan_chu_quan: str
    dia_danh: str


def province_names() -> list[str]:
    """The 34 provinces and cities, as a clerk picks one."""
    return [t.ten_day_du for t in dia_gioi.provinces()]


def ward_names(tinh: str) -> list[str]:
    """The wards, communes and special zones of a province (abbreviations accepted: `TP.HCM`)."""
    return [x.ten_day_du for x in dia_gioi.wards(dia_gioi.find_province(tinh))]


def check_province(tinh: str) -> str:
    """The province as written in full; a DataError (field `tinh`) names the close ones when unknown."""
    return dia_gioi.find_province(tinh).ten_day_du


def suggest_place(ten_truong: str, tinh: str, xa: str) -> PlaceSuggestion:
    """The chủ quản (`Ủy ban nhân dân phường …`, or the Sở GD&ĐT for a high school) and the địa danh
    of a school in ward or commune `xa` of province `tinh`; unknown names raise DataError (field
    `tinh` or `xa`) with the close ones."""
    ward = dia_gioi.find_ward(dia_gioi.find_province(tinh), xa)
    return PlaceSuggestion(ward.tinh.ten_day_du, ward.ten_day_du, dia_gioi.managing_body(ward, ten_truong),
                           dia_gioi.place_name(ward))
