"""The register of outgoing documents (sổ đăng ký văn bản đi, NĐ 30/2020 Điều 15 and Phụ lục IV).

Numbers follow issue order within a calendar year, start at 01 and are never given twice:
every number has exactly one document and every document its number, whatever happens
(kill, Ctrl-C, full disk, a swapped or emptied register file). The register knows nothing of
templates or data files.

Issuing, crash-safe by design. With the register's write lock held, each document of a batch
takes the next number and is rendered into a hidden temporary file beside its target
(`.KH-05-THCSKB.docx.dang-cap`), forced to disk; its row is inserted in state `dang_cap`
(being issued) with the target, the temporary file and the file's sha256. The whole batch
commits at once: a failure or Ctrl-C before that commit leaves no row, no number taken and
no file (a temporary file left by a kill is removed by the next issue into that folder).
After the commit each temporary file is renamed onto its target and its row marked `da_cap`
(issued), with Ctrl-C held back until done. A run killed between the two steps leaves rows
`dang_cap` whose complete file waits, with a known hash, in the temporary file or already at
the target: the next opening of the register finishes them. Should both files be gone
(deleted by hand), the row stays `dang_cap` and its number reserved for that same document
(same loai and khoa), never given to another; issuing that document again is refused with
the way out, `thu-hoi`, which voids the number with its reason.

An issued file is never rewritten. Issuing the same document again compares the hash of
its data and of its template, and the sha256 of the file on disk, with those recorded:
all equal, the existing file is returned untouched; anything changed is refused with the
way out (revoke, then issue anew; or restore the file from a backup).

One sequence policy per year: the first number of a year records whether the school numbers
all kinds in one sequence (`chung`) or each kind apart (`theo-loai`); a later run with the
other setting is refused for that year, since it would give numbers already given.

A missing, emptied or foreign register must not silently start again at 01. Beside the
register a small marker (`.so-van-ban-di.id`) keeps the register's id and how many rows it
had: a register file gone or empty while the marker exists, another register's file, or an
older copy with fewer rows, is refused with the way to restore the backup. A new school has
neither register nor marker and starts a fresh register. A new number's file never replaces
a file already at its place either.

Migrations are named, applied in order, each in its own transaction, and never edited once
shipped: a change of the schema is a new migration at the end of MIGRATIONS.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import signal
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterator

from . import vn
from .errors import OutputError, RegisterError, warn
from .files import explain, failure, make_dirs, sha256, sync
from .steps import Do, Step
from .limits import SO_TOI_DA, date_problem, year_problem


SQLITE_MAGIC = b"SQLite format 3\x00"
ISSUING, ISSUED, REVOKED = "dang_cap", "da_cap", "thu_hoi"
STATES = {ISSUING: "đang cấp dở", ISSUED: "đã cấp", REVOKED: "đã thu hồi"}
VANTHU, OUTSIDE = "vanthu", "ngoai"  # where a number's document was made
SHARED, PER_TYPE = "chung", "theo-loai"
TEMP_SUFFIX = ".dang-cap"

_COLUMNS = ("nam, chuoi, so, ky_hieu, loai, ten_loai, khoa, ngay, trich_yeu, nguoi_ky, noi_nhan, tep, sha256, "
            "bam_du_lieu, trang_thai, ly_do_thu_hoi, ghi_luc")

# Named migrations, applied in order, each in its own transaction; never edit one once shipped.
MIGRATIONS: list[tuple[str, str]] = [
    ("0001_van_ban", """
        CREATE TABLE van_ban (
            id INTEGER PRIMARY KEY,
            nam INTEGER NOT NULL,
            chuoi TEXT NOT NULL,
            so INTEGER NOT NULL CHECK (so >= 1),
            ky_hieu TEXT NOT NULL,
            loai TEXT NOT NULL,
            ten_loai TEXT NOT NULL,
            khoa TEXT NOT NULL,
            ngay TEXT NOT NULL,
            trich_yeu TEXT NOT NULL,
            nguoi_ky TEXT NOT NULL,
            noi_nhan TEXT NOT NULL,
            tep TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            bam_du_lieu TEXT NOT NULL,
            trang_thai TEXT NOT NULL CHECK (trang_thai IN ('da_cap', 'thu_hoi')),
            ly_do_thu_hoi TEXT,
            ghi_luc TEXT NOT NULL,
            UNIQUE (nam, chuoi, so)
        );
        CREATE UNIQUE INDEX van_ban_mot_ban_da_cap ON van_ban (loai, khoa) WHERE trang_thai = 'da_cap';
    """),
    # Issuing in two steps (dang_cap, then da_cap), the template's hash, the file's absolute
    # path; one sequence policy per year; the register's own id, for the marker beside it.
    ("0002_cap_so_an_toan", f"""
        CREATE TABLE van_ban_moi (
            id INTEGER PRIMARY KEY,
            nam INTEGER NOT NULL,
            chuoi TEXT NOT NULL,
            so INTEGER NOT NULL CHECK (so >= 1),
            ky_hieu TEXT NOT NULL,
            loai TEXT NOT NULL,
            ten_loai TEXT NOT NULL,
            khoa TEXT NOT NULL,
            ngay TEXT NOT NULL,
            trich_yeu TEXT NOT NULL,
            nguoi_ky TEXT NOT NULL,
            noi_nhan TEXT NOT NULL,
            tep TEXT NOT NULL,
            sha256 TEXT,
            bam_du_lieu TEXT NOT NULL,
            trang_thai TEXT NOT NULL CHECK (trang_thai IN ('dang_cap', 'da_cap', 'thu_hoi')),
            ly_do_thu_hoi TEXT,
            ghi_luc TEXT NOT NULL,
            duong_dan TEXT,
            tep_tam TEXT,
            bam_mau TEXT,
            UNIQUE (nam, chuoi, so)
        );
        INSERT INTO van_ban_moi (id, {_COLUMNS}) SELECT id, {_COLUMNS} FROM van_ban;
        DROP TABLE van_ban;
        ALTER TABLE van_ban_moi RENAME TO van_ban;
        CREATE UNIQUE INDEX van_ban_mot_ban_da_cap ON van_ban (loai, khoa)
            WHERE trang_thai IN ('dang_cap', 'da_cap');
        CREATE TABLE nam_so (
            nam INTEGER PRIMARY KEY,
            cach_danh_so TEXT NOT NULL CHECK (cach_danh_so IN ('chung', 'theo-loai')),
            ghi_luc TEXT NOT NULL
        );
        INSERT INTO nam_so
            SELECT nam, CASE chuoi WHEN 'chung' THEN 'chung' ELSE 'theo-loai' END, ghi_luc FROM van_ban v
            WHERE id = (SELECT MIN(id) FROM van_ban WHERE nam = v.nam);
        CREATE TABLE so (ma TEXT NOT NULL, tao_luc TEXT NOT NULL);
        INSERT INTO so VALUES (lower(hex(randomblob(16))), datetime('now'))
    """),
    # Numbers given outside vanthu (recorded, no file), and a year's sequence started at N.
    ("0003_so_ngoai_va_so_bat_dau", """
        ALTER TABLE van_ban ADD COLUMN nguon TEXT NOT NULL DEFAULT 'vanthu' CHECK (nguon IN ('vanthu', 'ngoai'));
        CREATE TABLE bat_dau (
            nam INTEGER NOT NULL,
            chuoi TEXT NOT NULL,
            so INTEGER NOT NULL CHECK (so >= 1),
            ghi_luc TEXT NOT NULL,
            PRIMARY KEY (nam, chuoi)
        )
    """),
    # A recorded number may carry a letter (38a: slipped in after 38, as paper registers hold them):
    # the letter is part of the number, so the uniqueness of a number includes it.
    ("0004_so_co_chu", f"""
        CREATE TABLE van_ban_moi (
            id INTEGER PRIMARY KEY,
            nam INTEGER NOT NULL,
            chuoi TEXT NOT NULL,
            so INTEGER NOT NULL CHECK (so >= 1),
            chu TEXT NOT NULL DEFAULT '' CHECK (chu = '' OR (length(chu) = 1 AND chu BETWEEN 'a' AND 'z')),
            ky_hieu TEXT NOT NULL,
            loai TEXT NOT NULL,
            ten_loai TEXT NOT NULL,
            khoa TEXT NOT NULL,
            ngay TEXT NOT NULL,
            trich_yeu TEXT NOT NULL,
            nguoi_ky TEXT NOT NULL,
            noi_nhan TEXT NOT NULL,
            tep TEXT NOT NULL,
            sha256 TEXT,
            bam_du_lieu TEXT NOT NULL,
            trang_thai TEXT NOT NULL CHECK (trang_thai IN ('dang_cap', 'da_cap', 'thu_hoi')),
            ly_do_thu_hoi TEXT,
            ghi_luc TEXT NOT NULL,
            duong_dan TEXT,
            tep_tam TEXT,
            bam_mau TEXT,
            nguon TEXT NOT NULL DEFAULT 'vanthu' CHECK (nguon IN ('vanthu', 'ngoai')),
            UNIQUE (nam, chuoi, so, chu)
        );
        INSERT INTO van_ban_moi (id, {_COLUMNS}, duong_dan, tep_tam, bam_mau, nguon)
            SELECT id, {_COLUMNS}, duong_dan, tep_tam, bam_mau, nguon FROM van_ban;
        DROP TABLE van_ban;
        ALTER TABLE van_ban_moi RENAME TO van_ban;
        CREATE UNIQUE INDEX van_ban_mot_ban_da_cap ON van_ban (loai, khoa)
            WHERE trang_thai IN ('dang_cap', 'da_cap')
    """),
    # Signed PDFs (văn bản điện tử) of an issued document: the file, its hash and its signers.
    ("0005_ky_so", """
        CREATE TABLE ky_so (
            id INTEGER PRIMARY KEY,
            van_ban INTEGER NOT NULL REFERENCES van_ban(id),
            tep TEXT NOT NULL,
            duong_dan TEXT NOT NULL UNIQUE,
            sha256 TEXT NOT NULL,
            nguoi_ky TEXT NOT NULL,
            kem_theo INTEGER NOT NULL DEFAULT 0,
            ghi_luc TEXT NOT NULL
        )
    """),
]


class SoGhi(int):
    """A number as the register holds it: 38, or 38a when recorded with a letter. It counts as 38
    (the next number is 39) and prints, and compares equal, as 38a."""

    chu: str

    def __new__(cls, so: int, chu: str = "") -> SoGhi:
        self = super().__new__(cls, so)
        self.chu = chu
        return self

    @classmethod
    def of(cls, value: int | str) -> SoGhi:
        """`38`, `"38"` or `"38a"`; RegisterError for anything else, or below 1."""
        if isinstance(value, SoGhi):
            return value
        try:
            so, chu = vn.tach_so(str(value))
        except ValueError as exc:
            raise RegisterError(str(exc)) from None
        if so < 1:
            raise RegisterError(f"số văn bản bắt đầu từ 1, không phải {value}")
        return cls(so, chu)

    def __str__(self) -> str:
        return f"{int(self)}{self.chu}"

    __repr__ = __str__

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SoGhi):
            return (int(self), self.chu) == (int(other), other.chu)
        return not self.chu and int(self) == other

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((int(self), self.chu)) if self.chu else int.__hash__(self)


@dataclass(frozen=True)
class Entry:
    """What the register records of one document, besides its number."""

    loai: str          # type code: KH, TB, BC …
    ten_loai: str      # KẾ HOẠCH
    khoa: str          # which document of that type: "ke-hoach-2022", a teacher's key …
    ky_hieu: str       # KH-THCSKB
    trich_yeu: str
    nguoi_ky: str
    noi_nhan: str
    bam_du_lieu: str   # hash of the data it was made from
    bam_mau: str | None = None  # hash of the template file it was rendered with
    # Hashes of the same data as it read before the documents it cites were numbered: a document
    # issued before its plan is the same document when issued again after it.
    bam_tuong_duong: tuple[str, ...] = ()


@dataclass(frozen=True)
class Request:
    """One document to issue: what to record, where its file goes, how to write it."""

    entry: Entry
    path_for: Callable[[int], Path]
    write: Callable[[int, date, Path], object]  # write(so, ngay, tmp) renders the document into tmp
    nam: int | None = None  # the year the document belongs to: its date must fall in it


@dataclass(frozen=True)
class Issued:
    nam: int
    so: int
    ky_hieu: str
    ngay: date
    tep: Path
    moi: bool  # False when the document already had this number


@dataclass(frozen=True)
class Row:
    nam: int
    so: int
    ky_hieu: str
    ten_loai: str
    ngay: date
    trich_yeu: str
    nguoi_ky: str
    noi_nhan: str
    tep: str
    trang_thai: str
    ly_do_thu_hoi: str | None
    loai: str = ""
    khoa: str = ""
    nguon: str = VANTHU


@dataclass(frozen=True)
class IssuedFile:
    """A register row found by its file: what signing needs to know of it."""

    id: int
    row: Row
    sha256: str | None


@dataclass(frozen=True)
class Signed:
    """A signed PDF the register recorded (never rewritten)."""

    tep: Path
    sha256: str
    nguoi_ky: list[str]
    ghi_luc: str
    kem_theo: bool


@dataclass(frozen=True)
class _Pending:
    """A row committed as `dang_cap`: its complete file waits in `tmp` to be moved to `out`."""

    id: int
    nam: int
    so: int
    ky_hieu: str
    ngay: date
    out: Path
    tmp: Path
    sha256: str
    tep: str



# A numbered document's file name: its ký hiệu with the number (KH-01-THCSKB), alone or with a name.
_NUMBERED = re.compile(r"(?:^|-)[A-ZĐ]{1,4}-\d{2,}-[A-ZĐ0-9&]+(?:-|\.docx$)")


def _numbered_files(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.glob("*.docx") if _NUMBERED.search(p.name) and not p.name.startswith(".")]
    except OSError:
        return []


def _bounded(nam: int | None = None, so: int | None = None, ngay: date | None = None) -> None:
    """A year, number or date no register can hold (a typing slip) refused before any query."""
    problem = ((nam is not None and year_problem(nam)) or (ngay is not None and date_problem(ngay))
               or (so is not None and not 1 <= so <= SO_TOI_DA and f"số {so} không hợp lý: cần từ 1 đến {SO_TOI_DA}"))
    if problem:
        raise RegisterError(problem)

class Register:
    """One SQLite file; `per_type` gives each document type its own sequence."""

    def __init__(self, path: Path, per_type: bool = False, timeout: float = 10.0):
        self.path = Path(path)
        self.per_type = per_type
        self.timeout = timeout
        self.marker = _Marker(self.path)
        self._check_file()
        self._db = self._connect()
        try:
            self._migrate()
            self._check_identity()
            self._reconcile()
        except BaseException:
            self._db.close()
            raise

    # opening

    def _check_file(self) -> None:
        if _empty_or_missing(self.path):
            self.marker.refuse_if_known()
            return
        try:
            with open(self.path, "rb") as f:
                header = f.read(len(SQLITE_MAGIC))
        except OSError as exc:
            raise RegisterError(f"không đọc được sổ văn bản {self.path}: {explain(exc)}") from None
        if header != SQLITE_MAGIC:
            raise RegisterError(f"{self.path} không phải sổ văn bản (không phải cơ sở dữ liệu SQLite); "
                                "tệp được giữ nguyên")

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Autocommit mode: every write below opens its own explicit transaction.
            db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
            db.execute("PRAGMA foreign_keys = ON")
            return db
        except OSError as exc:
            raise RegisterError(f"không mở được sổ văn bản {self.path}: {explain(exc)}") from None
        except sqlite3.Error as exc:
            raise RegisterError(f"không mở được sổ văn bản {self.path}: {exc}") from None

    def _migrate(self) -> None:
        """Apply the migrations this file lacks, each in its own transaction."""
        if self._version() == len(MIGRATIONS):
            return  # up to date: no write lock needed, so reading never waits for a writer
        for number, (name, sql) in enumerate(MIGRATIONS, 1):
            with self._transaction():
                version = self._version()
                if version >= number:
                    continue  # another process applied it meanwhile
                if version == 0 and self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise RegisterError(f"{self.path} là cơ sở dữ liệu của chương trình khác, không phải sổ văn "
                                        "bản đi của vanthu; tệp được giữ nguyên")
                self._db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
                for statement in filter(str.strip, sql.split(";")):
                    self._db.execute(statement)
                self._db.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))
                self._db.execute(f"PRAGMA user_version = {number}")

    def _version(self) -> int:
        version = self._query("PRAGMA user_version")[0][0]
        if version > len(MIGRATIONS):
            raise RegisterError(f"sổ văn bản {self.path} được ghi bởi phiên bản vanthu mới hơn "
                                f"(lược đồ {version}, bản này biết {len(MIGRATIONS)}); hãy cập nhật vanthu. "
                                "Tệp được giữ nguyên")
        return version

    def _check_identity(self) -> None:
        """Refuse another register, or an older copy of this one, in this one's place."""
        self.id = self._query("SELECT ma FROM so")[0][0]
        count = self._count()
        known = self.marker.read()
        if known and known[0] != self.id:
            raise RegisterError(
                f"{self.path} là một sổ văn bản khác, không phải sổ của đơn vị này (mã sổ {self.id[:8]}…, "
                f"{self.marker.path} ghi mã {known[0][:8]}…). Cấp số vào sổ này sẽ cho số trùng với số đã cấp. "
                f"Hãy chép lại đúng sổ của đơn vị (bản sao lưu) vào {self.path}; tệp này được giữ nguyên")
        if known and count < known[1]:
            raise RegisterError(
                f"sổ văn bản {self.path} chỉ có {count} dòng, ít hơn {known[1]} dòng đã có lần ghi trước "
                f"(theo {self.marker.path}): có lẽ đây là một bản sao lưu cũ, và các số đã cấp sau đó sẽ bị cấp "
                f"lại. Hãy chép bản sao lưu mới nhất của sổ vào {self.path}. Nếu chắc chắn muốn dùng bản này, "
                f"xóa tệp {self.marker.path} rồi chạy lại; tệp sổ được giữ nguyên")
        self._remember(count)

    def _count(self) -> int:
        return self._query("SELECT count(*) FROM van_ban")[0][0]

    def _remember(self, count: int | None = None) -> None:
        self.marker.write(self.id, self._count() if count is None else count)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """A write transaction; anything that fails inside it leaves the register as it was."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._locked_or(exc) from None
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException as exc:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise self._locked_or(exc) from None
            raise

    def _query(self, sql: str, params: tuple = ()) -> list[tuple]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise self._locked_or(exc) from None

    def _locked_or(self, exc: sqlite3.Error) -> RegisterError:
        if "locked" in str(exc) or "busy" in str(exc):
            return RegisterError(f"sổ văn bản {self.path} đang được một chương trình khác ghi; "
                                 f"đã chờ {self.timeout:g} giây, hãy thử lại sau")
        if isinstance(exc, sqlite3.DatabaseError) and ("not a database" in str(exc) or "malformed" in str(exc)):
            return RegisterError(f"{self.path} không phải sổ văn bản hoặc đã hỏng (không đọc được như cơ sở "
                                 "dữ liệu SQLite); hãy chép lại bản sao lưu của sổ. Tệp được giữ nguyên")
        return RegisterError(f"lỗi sổ văn bản {self.path}: {exc}")

    # issuing

    def issue(self, entry: Entry, ngay: date | None, path_for: Callable[[int], Path],
              write: Callable[[int, date, Path], None]) -> Issued:
        """Give one document its number and write it, all or nothing (see `issue_all`)."""
        return self.issue_all([Request(entry, path_for, write)], ngay)[0]

    def issue_all(self, requests: list[Request], ngay: date | None = None,
                  progress: Callable[[], None] | None = None) -> list[Issued]:
        """Give each document its number (or the one it has) and write it: the batch all or nothing.

        A new number is dated `ngay` (None: today); a document already issued keeps its date, and
        another `ngay` for it is refused. Every document already issued is checked before any
        number is taken; a document refused stops the batch before anything is written.
        """
        _bounded(ngay=ngay)
        results: dict[int, Issued] = {}
        pending: list[tuple[int, _Pending]] = []
        try:
            with self._transaction():
                todo = []
                for i, request in enumerate(requests):
                    current = self._current(request.entry)
                    if current is None:
                        todo.append((i, request))
                    else:
                        results[i] = self._same_document(request.entry, current, len(requests), ngay)
                        if progress:
                            progress()
                taken: set[Path] = set()
                for i, request in todo:
                    pending.append((i, self._prepare(request, ngay or date.today(), taken)))
                    if progress:
                        progress()
        except BaseException:
            self._discard([p for _, p in pending])
            raise
        results.update(self._complete([p for _, p in pending], [i for i, _ in pending]))
        self._remember()
        return [results[i] for i in range(len(requests))]

    def _check_policy(self, nam: int) -> None:
        """The first number of a year fixes its sequence policy; another setting is refused."""
        wanted = PER_TYPE if self.per_type else SHARED
        recorded = self._query("SELECT cach_danh_so FROM nam_so WHERE nam = ?", (nam,))
        if not recorded:
            self._db.execute("INSERT INTO nam_so VALUES (?, ?, ?)", (nam, wanted, _now()))
        elif recorded[0][0] != wanted:
            described = {SHARED: "một dãy số chung cho mọi loại văn bản", PER_TYPE: "mỗi loại văn bản một dãy số"}
            raise RegisterError(
                f"năm {nam} của sổ văn bản đi đánh {described[recorded[0][0]]} (`so_van_ban: {recorded[0][0]}`, "
                f"chọn từ số đầu tiên của năm), nhưng cài đặt nay là `so_van_ban: {wanted}`. Đổi cách đánh số "
                f"giữa năm sẽ cho số trùng với số đã cấp: hãy đặt lại `so_van_ban: {recorded[0][0]}` trong "
                f"don-vi.yaml cho đến hết năm {nam}; cách mới dùng được từ năm sau. Chưa cấp số nào")

    def _chuoi(self, loai: str | None) -> str:
        return loai if self.per_type and loai else SHARED

    def _refuse_fresh_start(self, nam: int, folder: Path, shown: Path) -> None:
        """A sequence starting at 01 while the folder it writes to already holds numbered documents of
        that year: the register was most likely deleted or replaced, and 01 would be given twice.
        A folder named by its year (out/2022) holds that year's documents; any other folder counts
        only when the register holds nothing at all."""
        if folder.name != str(nam) and self._query("SELECT 1 FROM van_ban LIMIT 1"):
            return
        found = sorted(p.name for p in _numbered_files(folder))
        if not found:
            return
        listed = ", ".join(found[:3]) + (f" và {len(found) - 3} tệp khác" if len(found) > 3 else "")
        raise RegisterError(
            f"thư mục {shown} đã có văn bản mang số ({listed}) nhưng sổ văn bản đi {self.path} chưa ghi số nào "
            f"của năm {nam}: sổ có thể đã bị xóa hoặc thay, và số 01 sẽ bị cấp lần thứ hai. Hãy chép lại bản "
            "sao lưu mới nhất của sổ; nếu các văn bản đó được cấp số ngoài vanthu, ghi chúng vào sổ (hoặc đặt số "
            "bắt đầu của năm) trước; nếu chúng không còn giá trị, chuyển chúng ra khỏi thư mục. Chưa cấp số nào")

    def _next_number(self, nam: int, chuoi: str) -> int:
        """After the highest number of the sequence, and not before the year's starting number."""
        return self._query(
            "SELECT MAX(COALESCE((SELECT MAX(so) FROM van_ban WHERE nam = ? AND chuoi = ?), 0) + 1, "
            "COALESCE((SELECT so FROM bat_dau WHERE nam = ? AND chuoi = ?), 1))", (nam, chuoi, nam, chuoi))[0][0]

    def _check_date_order(self, nam: int, chuoi: str, so: int, ngay: date, ky_hieu: str) -> None:
        """Numbers follow issue order (NĐ 30, Điều 15): no number dated before one below it, or after one above
        (38a lies between 38 and 39)."""
        rule = "số văn bản theo thứ tự ban hành trong năm (Nghị định 30, Điều 15)"
        so = SoGhi.of(so)
        for where, order, wrong in (("(so, chu) < (?, ?)", "ngay DESC", lambda d: ngay < d),
                                    ("(so, chu) > (?, ?)", "ngay", lambda d: ngay > d)):
            found = self._query(f"SELECT so, chu, ky_hieu, ngay FROM van_ban WHERE nam = ? AND chuoi = ? AND {where} "
                                f"ORDER BY {order} LIMIT 1", (nam, chuoi, int(so), so.chu))
            if not found or not wrong(date.fromisoformat(found[0][3])):
                continue
            other, other_symbol = SoGhi(found[0][0], found[0][1]), found[0][2]
            other_day = vn.ngay_ngan(date.fromisoformat(found[0][3]))
            earlier = (int(other), other.chu) < (int(so), so.chu)
            raise RegisterError(
                f"số {vn.so_hieu(so, ky_hieu)} không thể mang ngày {vn.ngay_ngan(ngay)}: số "
                f"{vn.so_hieu(other, other_symbol)} {'trước' if earlier else 'sau'} nó đã mang ngày {other_day}, "
                f"mà {rule}. Hãy chọn ngày từ {other_day} {'trở đi' if earlier else 'trở về trước'}. Chưa cấp số nào")

    def _current(self, entry: Entry) -> tuple | None:
        """The row of this document that holds a number (issued or being issued), if any."""
        rows = self._query(
            "SELECT id, nam, so, ky_hieu, ngay, bam_du_lieu, bam_mau, trang_thai, tep, duong_dan, sha256 "
            "FROM van_ban WHERE loai = ? AND khoa = ? AND trang_thai IN (?, ?)",
            (entry.loai, entry.khoa, ISSUING, ISSUED))
        return rows[0] if rows else None

    def _same_document(self, entry: Entry, row: tuple, batch: int, wanted: date | None) -> Issued:
        """The document has its number: return its file untouched, or refuse any change."""
        row_id, nam, so, ky_hieu, ngay, data_hash, template_hash, state, tep, duong_dan, file_hash = row
        number = f"số {vn.so_hieu(so, ky_hieu)} năm {nam}"
        path = _absolute(tep, duong_dan)
        what = f"{entry.ten_loai.capitalize()} «{entry.trich_yeu}»"
        revoke = Step(Do.REVOKE, so=so, nam=nam, loai=entry.loai if self.per_type else None)
        none_issued = "; chưa cấp số mới cho văn bản nào trong loạt" if batch > 1 else ""
        pending = self._pending(row_id) if state == ISSUING else None
        if pending is not None and not self._finish(pending):
            raise RegisterError(
                f"{what} đang được cấp {number} dở dang: tệp văn bản ({_shown(path)}) đã mất trước khi được đặt "
                f"vào chỗ. Số này chỉ dành cho văn bản đó; hãy thu hồi số này (lý do: cấp dở, mất tệp) rồi cấp số "
                f"mới{none_issued}", [revoke])
        changed = [name for name, old, new in (("dữ liệu", data_hash, (entry.bam_du_lieu, *entry.bam_tuong_duong)),
                                               ("mẫu", template_hash, (entry.bam_mau,)))
                   if old and new[0] and old not in new]
        if changed:
            raise RegisterError(
                f"{what} đã được cấp {number} (tệp {_shown(path)}), nhưng {' và '.join(changed)} đã thay đổi từ "
                f"đó. Văn bản đã ban hành không được sửa: hãy thu hồi số cũ rồi cấp số mới{none_issued}", [revoke])
        if wanted and wanted.isoformat() != ngay:
            raise RegisterError(
                f"{what} đã được cấp {number} ngày {vn.ngay_ngan(date.fromisoformat(ngay))} (tệp {_shown(path)}); "
                f"không cấp lại với ngày {vn.ngay_ngan(wanted)}. Để dùng văn bản đã cấp, giữ ngày đã cấp; để ban "
                f"hành với ngày mới, thu hồi số cũ rồi cấp số mới{none_issued}",
                [Step(Do.KEEP_DATE, ngay=date.fromisoformat(ngay)), revoke])
        if not path.is_file():
            raise RegisterError(
                f"{what} đã được cấp {number}, nhưng không còn tệp {_shown(path)}. Hãy chép lại tệp đó từ bản sao "
                f"lưu, hoặc thu hồi số rồi cấp số mới{none_issued}", [revoke])
        if _hash_of(path) != file_hash:
            raise RegisterError(
                f"{what} đã được cấp {number}, nhưng tệp {_shown(path)} đã bị sửa sau khi cấp số (khác bản đã ghi "
                f"trong sổ). Văn bản đã ban hành không được sửa: hãy chép lại tệp từ bản sao lưu, hoặc thu hồi "
                f"số rồi cấp số mới{none_issued}", [revoke])
        return Issued(nam, so, ky_hieu, date.fromisoformat(ngay), _shown(path), moi=False)

    def _prepare(self, request: Request, ngay: date, taken: set[Path]) -> _Pending:
        """Take the next number, write the complete file beside its target, record it `dang_cap`."""
        entry = request.entry
        if request.nam and ngay.year != request.nam:
            raise RegisterError(
                f"{entry.ten_loai.capitalize()} «{entry.trich_yeu}» thuộc năm {request.nam} mà ngày ban hành "
                f"{vn.ngay_ngan(ngay)} lại ở năm {ngay.year}: số văn bản đánh lại từ 01 mỗi năm, nên văn bản phải "
                f"mang số và ngày của năm {request.nam}. Hãy chọn ngày ban hành trong năm {request.nam}, hoặc soạn "
                f"văn bản trong dữ liệu năm {ngay.year}. Chưa cấp số nào", [Step(Do.CHOOSE_DATE, nam=request.nam)])
        self._check_policy(ngay.year)
        chuoi = self._chuoi(entry.loai)
        so = self._next_number(ngay.year, chuoi)
        self._check_date_order(ngay.year, chuoi, so, ngay, entry.ky_hieu)
        given = Path(request.path_for(so))
        out = Path(os.path.abspath(given))
        if out in taken:
            raise OutputError(f"hai văn bản trong loạt cùng ghi vào tệp {given}; hãy đặt tên tệp khác nhau. "
                              "Chưa cấp số nào")
        if os.path.lexists(out):
            raise OutputError(
                f"đã có tệp {given} mà sổ văn bản {self.path} không ghi số {vn.so_hieu(so, entry.ky_hieu)} năm "
                f"{ngay.year} cho nó: có thể sổ đã bị thay bằng một sổ khác hoặc một bản cũ. Hãy chép lại sổ "
                f"đúng (bản sao lưu mới nhất); nếu tệp này thừa, chuyển nó đi chỗ khác. Chưa cấp số nào")
        first_in_folder = all(p.parent != out.parent for p in taken)
        if so == 1 and first_in_folder:
            self._refuse_fresh_start(ngay.year, out.parent, given.parent)
        taken.add(out)
        make_dirs(given.parent)
        if first_in_folder:
            self._sweep(out.parent)
        tmp = out.with_name(f".{out.name}{TEMP_SUFFIX}")
        try:
            request.write(so, ngay, tmp)
            sync(tmp)
            digest = sha256(tmp)
        except OSError as exc:
            _unlink(tmp)
            raise failure("không ghi được tệp", given, exc) from None
        except OutputError as exc:  # the clerk knows the file by its name, not by our temporary one
            _unlink(tmp)
            raise OutputError(exc.message.replace(str(tmp), str(given))) from None
        except BaseException:
            _unlink(tmp)
            raise
        cursor = self._db.execute(
            f"INSERT INTO van_ban ({_COLUMNS}, duong_dan, tep_tam, bam_mau) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (ngay.year, chuoi, so, entry.ky_hieu, entry.loai, entry.ten_loai, entry.khoa, ngay.isoformat(),
             entry.trich_yeu, entry.nguoi_ky, entry.noi_nhan, str(given), digest, entry.bam_du_lieu, ISSUING,
             None, _now(), str(out), str(tmp), entry.bam_mau))
        assert cursor.lastrowid is not None  # set by the INSERT above
        return _Pending(cursor.lastrowid, ngay.year, so, entry.ky_hieu, ngay, out, tmp, digest, str(given))

    def _sweep(self, folder: Path) -> None:
        """Remove temporary files a killed run left before its commit (no row names them).

        Safe because it runs with the write lock held: no other issue is writing one now.
        """
        waiting = {r[0] for r in self._query("SELECT tep_tam FROM van_ban WHERE trang_thai = ?", (ISSUING,))}
        for leftover in folder.glob(f".*{TEMP_SUFFIX}*"):
            if str(leftover) not in waiting:
                _unlink(leftover)

    def _discard(self, pending: list[_Pending]) -> None:
        """After a failure: remove the temporary files of rows that were not committed."""
        if not pending:
            return
        try:
            ids = [p.id for p in pending]
            committed = {r[0] for r in self._db.execute(
                f"SELECT id FROM van_ban WHERE id IN ({','.join('?' * len(ids))})", ids)}
        except sqlite3.Error:
            return  # unknown: keep the files; the next issue into the folder removes orphans
        for p in pending:
            if p.id not in committed:
                _unlink(p.tmp)

    def _complete(self, pending: list[_Pending], indexes: list[int]) -> dict[int, Issued]:
        """Move each committed document into place and mark it issued; Ctrl-C waits until done."""
        results, stuck = {}, []
        with _interrupts_held():
            for i, p in zip(indexes, pending):
                try:
                    with self._transaction():
                        done = self._finish(p)
                except OSError as exc:
                    done, reason = False, explain(exc)
                except RegisterError as exc:
                    done, reason = False, str(exc)
                else:
                    reason = "tệp đã bị xóa hoặc thay"
                if done:
                    results[i] = Issued(p.nam, p.so, p.ky_hieu, p.ngay, Path(p.tep), moi=True)
                else:
                    stuck.append(f"số {vn.so_hieu(p.so, p.ky_hieu)}: chưa đặt được tệp vào {p.tep} ({reason})")
        if stuck:
            raise OutputError("đã ghi vào sổ nhưng chưa hoàn tất: " + "; ".join(stuck) + ". Bản đầy đủ của mỗi "
                              "văn bản đang chờ bên cạnh chỗ của nó; sửa lỗi rồi chạy lại lệnh bất kỳ với sổ "
                              "văn bản để hoàn tất (các số này không cấp cho văn bản khác)")
        return results

    def _pending(self, row_id: int) -> _Pending | None:
        """A row still being issued; None once another process has finished (or voided) it."""
        found = self._query("SELECT nam, so, ky_hieu, ngay, duong_dan, tep_tam, sha256, tep FROM van_ban "
                            "WHERE id = ? AND trang_thai = ? AND tep_tam IS NOT NULL", (row_id, ISSUING))
        if not found:
            return None
        nam, so, ky_hieu, ngay, duong_dan, tep_tam, digest, tep = found[0]
        return _Pending(row_id, nam, so, ky_hieu, date.fromisoformat(ngay), Path(duong_dan), Path(tep_tam),
                        digest, tep)

    def _finish(self, p: _Pending) -> bool:
        """Inside a transaction: put a committed document's file in place and mark it issued.

        False when neither the target nor the temporary file holds the recorded content.
        """
        state = self._query("SELECT trang_thai FROM van_ban WHERE id = ?", (p.id,))[0][0]
        if state != ISSUING:
            return state == ISSUED  # another run finished it (or voided it)
        if not (p.out.is_file() and _hash_of(p.out) == p.sha256):
            if os.path.lexists(p.out) or not (p.tmp.is_file() and _hash_of(p.tmp) == p.sha256):
                return False
            os.replace(p.tmp, p.out)
            sync(p.out.parent)
        _unlink(p.tmp)
        self._db.execute("UPDATE van_ban SET trang_thai = ?, tep_tam = NULL WHERE id = ?", (ISSUED, p.id))
        return True

    def _reconcile(self) -> None:
        """Finish what a killed run committed but could not put in place."""
        for (row_id,) in self._query("SELECT id FROM van_ban WHERE trang_thai = ?", (ISSUING,)):
            p = self._pending(row_id)
            if p is None:  # finished meanwhile by the process that was issuing it
                continue
            try:
                with self._transaction():
                    done = self._finish(p)
            except OSError as exc:
                warn(f"chưa hoàn tất được việc cấp số {vn.so_hieu(p.so, p.ky_hieu)} năm {p.nam} (tệp {p.out}): "
                     f"{explain(exc)}; vanthu sẽ làm tiếp lần mở sổ sau")
                continue
            if not done:
                warn(f"số {vn.so_hieu(p.so, p.ky_hieu)} năm {p.nam} đang cấp dở và không còn tệp văn bản "
                     f"({p.tep}); số này chỉ dành cho văn bản đó. Cấp lại văn bản đó sẽ được hướng dẫn, "
                     f"hoặc thu hồi số {vn.so_van_ban(p.so)} năm {p.nam}")

    def record(self, entry: Entry, ngay: date, so: int | str | None = None) -> Row:
        """Record a number given outside vanthu (a document typed in Word, one written by hand).

        The row has no file; the sequence goes on after it. `so` None takes the next number; a
        recorded number may carry a letter (`38a`). A number already in the register, or a date
        out of order, is refused.
        """
        given = SoGhi.of(so) if so is not None else None
        _bounded(so=int(given) if given is not None else None, ngay=ngay)
        with self._transaction():
            self._check_policy(ngay.year)
            chuoi = self._chuoi(entry.loai)
            so = given if given is not None else SoGhi(self._next_number(ngay.year, chuoi))
            self._refuse_taken(ngay.year, chuoi, so)
            self._check_date_order(ngay.year, chuoi, so, ngay, entry.ky_hieu)
            khoa = f"ngoai/{ngay.year}/{chuoi}/{so}"
            self._db.execute(
                f"INSERT INTO van_ban ({_COLUMNS}, nguon, chu) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (ngay.year, chuoi, int(so), entry.ky_hieu, entry.loai, entry.ten_loai, khoa, ngay.isoformat(),
                 entry.trich_yeu, entry.nguoi_ky, entry.noi_nhan, "", None, entry.bam_du_lieu, ISSUED, None, _now(),
                 OUTSIDE, so.chu))
        self._remember()
        return Row(ngay.year, so, entry.ky_hieu, entry.ten_loai, ngay, entry.trich_yeu, entry.nguoi_ky,
                   entry.noi_nhan, "", ISSUED, None, entry.loai, khoa, OUTSIDE)

    def start(self, nam: int, so: int | str, loai: str | None = None) -> int:
        """Start a year's sequence at `so` (numbers before it were given outside vanthu); returns the
        first number vanthu will give. New numbers have no letter: after `152a` comes 153."""
        given = SoGhi.of(so)
        so = int(given) + 1 if given.chu else int(given)
        _bounded(nam, so)
        if self.per_type and not loai:
            raise RegisterError("mỗi loại văn bản có một dãy số riêng (`so_van_ban: theo-loai`): chọn loại văn bản của "
                                "dãy số", [Step(Do.CHOOSE_SEQUENCE)])
        with self._transaction():
            self._check_policy(nam)
            chuoi = self._chuoi(loai)
            highest = self._query("SELECT MAX(so) FROM van_ban WHERE nam = ? AND chuoi = ?", (nam, chuoi))[0][0]
            if highest and highest >= so:
                raise RegisterError(
                    f"năm {nam} đã cấp đến số {vn.so_van_ban(highest)}{_of_type(chuoi)}: dãy số không bắt đầu lại "
                    f"được từ số {vn.so_van_ban(so)}, vì sẽ cấp lại số đã có. Số tiếp theo là "
                    f"{vn.so_van_ban(highest + 1)}")
            self._db.execute("INSERT OR REPLACE INTO bat_dau VALUES (?, ?, ?, ?)", (nam, chuoi, so, _now()))
        return so

    def _refuse_taken(self, nam: int, chuoi: str, so: SoGhi) -> None:
        taken = self._query("SELECT ky_hieu, ten_loai, trich_yeu, trang_thai FROM van_ban "
                            "WHERE nam = ? AND chuoi = ? AND so = ? AND chu = ?", (nam, chuoi, int(so), so.chu))
        if taken:
            symbol, ten_loai, trich_yeu, state = taken[0]
            raise RegisterError(
                f"số {vn.so_hieu(so, symbol)} năm {nam} đã có trong sổ ({ten_loai.capitalize()} «{trich_yeu}», "
                f"{STATES[state]}): một số chỉ cấp một lần. Số còn trống tiếp theo là "
                f"{vn.so_van_ban(self._next_number(nam, chuoi))}")

    def revoke(self, nam: int, so: int | str, ly_do: str, loai: str | None = None) -> Row:
        """Mark a number revoked (or void, if its issue never finished); it is never given again."""
        if not ly_do.strip():
            raise RegisterError("cần ghi lý do thu hồi", [Step(Do.GIVE_REASON)])
        so = SoGhi.of(so)
        _bounded(nam, int(so))
        with self._transaction():
            rows = [r for r in self._rows("nam = ? AND so = ? AND chu = ?", (nam, int(so), so.chu))
                    if loai in (None, r[1])]
            if not rows:
                raise RegisterError(f"sổ văn bản năm {nam} không có số {vn.so_van_ban(so)}"
                                    + (f" loại {loai}" if loai else ""))
            if len(rows) > 1:
                kinds = ", ".join(r[1] for r in rows)
                raise RegisterError(f"năm {nam} có nhiều văn bản số {vn.so_van_ban(so)} ({kinds}); chọn loại văn bản",
                                    [Step(Do.CHOOSE_SEQUENCE)])
            row_id, _, row = rows[0]
            if row.trang_thai == REVOKED:
                raise RegisterError(f"số {vn.so_hieu(so, row.ky_hieu)} năm {nam} đã bị thu hồi trước đó")
            self._db.execute("UPDATE van_ban SET trang_thai = ?, ly_do_thu_hoi = ?, tep_tam = NULL WHERE id = ?",
                             (REVOKED, ly_do.strip(), row_id))
        self._remember()
        return dataclasses.replace(row, trang_thai=REVOKED, ly_do_thu_hoi=ly_do.strip())

    def relocate(self, row: Row, tep: Path) -> None:
        """Where a revoked document's file now lies (moved aside so that it is not printed by mistake)."""
        with self._transaction():
            self._db.execute("UPDATE van_ban SET tep = ?, duong_dan = ? WHERE nam = ? AND so = ? AND chu = ? "
                             "AND loai = ? AND trang_thai = ?", (str(tep), str(Path(tep).resolve()), row.nam,
                                                                 int(row.so), getattr(row.so, "chu", ""), row.loai,
                                                                 REVOKED))

    # reading

    def _rows(self, where: str, params: tuple) -> list[tuple[int, str, Row]]:
        result = self._query(f"SELECT id, loai, nam, so, chu, ky_hieu, ten_loai, ngay, trich_yeu, nguoi_ky, "
                             f"noi_nhan, tep, trang_thai, ly_do_thu_hoi, loai, khoa, nguon FROM van_ban WHERE {where} "
                             f"ORDER BY nam, chuoi, so, chu", params)
        return [(r[0], r[1], Row(r[2], SoGhi(r[3], r[4]), r[5], r[6], date.fromisoformat(r[7]), *r[8:]))
                for r in result]

    def rows(self, nam: int | None = None, loai: str | None = None, tu: date | None = None,
             den: date | None = None) -> list[Row]:
        """The register by year and number (each sequence in turn), filtered by year, type and dates."""
        _bounded(nam, ngay=tu)
        _bounded(ngay=den)
        filters = {"nam = ?": nam, "loai = ?": loai, "ngay >= ?": tu and tu.isoformat(),
                   "ngay <= ?": den and den.isoformat()}
        chosen = {sql: value for sql, value in filters.items() if value is not None}
        return [row for _, _, row in self._rows(" AND ".join(chosen) or "1 = 1", tuple(chosen.values()))]

    def next_number(self, nam: int, loai: str | None = None) -> int:
        """The number the next document of this type would take in year `nam`; nothing is taken."""
        _bounded(nam)
        return self._next_number(nam, self._chuoi(loai))

    def find(self, loai: str, khoa: str) -> Row | None:
        """The issued (not revoked) document of this type and key, if any."""
        rows = self._rows("loai = ? AND khoa = ? AND trang_thai = ?", (loai, khoa, ISSUED))
        return rows[0][2] if rows else None

    # signed files (văn bản điện tử)

    def issued_file(self, path: Path) -> IssuedFile | None:
        """The row (issued or revoked) whose document is the file at `path`."""
        found = self._query("SELECT id, sha256 FROM van_ban WHERE duong_dan IN (?, ?) OR (duong_dan IS NULL AND "
                            "tep = ?) ORDER BY id DESC LIMIT 1", (os.path.abspath(path), str(Path(path).resolve()),
                                                                  str(path)))
        if not found:
            return None
        (_, _, row), = self._rows("id = ?", (found[0][0],))
        return IssuedFile(found[0][0], row, found[0][1])

    def signed(self, path: Path) -> Signed | None:
        """The register's record of the signed file at `path`; a file whose rename a kill cut short is
        put in place first (its complete copy waits beside it)."""
        where = Path(os.path.abspath(path))
        found = self._query("SELECT tep, sha256, nguoi_ky, ghi_luc, kem_theo FROM ky_so WHERE duong_dan = ?", (str(where),))
        if not found:
            return None
        tep, digest, names, ghi_luc, kem_theo = found[0]
        waiting = signing_temp(where)
        if not where.exists() and _hash_of(waiting) == digest:
            os.replace(waiting, where)
            sync(where.parent)
        return Signed(Path(tep), digest, json.loads(names), ghi_luc, bool(kem_theo))

    def record_signed(self, van_ban_id: int, target: Path, tmp: Path, nguoi_ky: list[str], kem_theo: bool = False) -> Signed:
        """Record a signed file, then move its complete copy `tmp` into place; the number must still be
        issued, and the place free. Refused: nothing recorded, `tmp` removed."""
        where = Path(os.path.abspath(target))
        committed = False
        try:
            digest = sha256(tmp)
            with self._transaction():
                state = self._query("SELECT trang_thai, so, ky_hieu, nam FROM van_ban WHERE id = ?", (van_ban_id,))
                if not state or state[0][0] != ISSUED:
                    so, ky_hieu, nam = state[0][1:] if state else (0, "", 0)
                    raise RegisterError(f"số {vn.so_hieu(so, ky_hieu)} năm {nam} không còn ở trạng thái đã cấp "
                                        "(đã thu hồi hoặc đang cấp dở): không ký số")
                if os.path.lexists(where) or self._query("SELECT 1 FROM ky_so WHERE duong_dan = ?", (str(where),)):
                    raise OutputError(f"đã có tệp {target}: tệp đã ký số không bao giờ bị ghi lại")
                self._db.execute("INSERT INTO ky_so (van_ban, tep, duong_dan, sha256, nguoi_ky, kem_theo, ghi_luc) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?)", (van_ban_id, str(target), str(where), digest,
                                                                  json.dumps(nguoi_ky, ensure_ascii=False),
                                                                  int(kem_theo), _now()))
            committed = True  # from here the complete copy waits beside its place: `signed` finishes the move
            with _interrupts_held():
                os.replace(tmp, where)
                sync(where.parent)
        except OSError as exc:
            if not committed:
                _unlink(tmp)
                raise failure("không ghi được tệp", target, exc) from None
            raise OutputError(f"đã ghi vào sổ nhưng chưa đặt được tệp đã ký vào {target} ({explain(exc)}); bản đầy "
                              "đủ đang chờ bên cạnh, sửa lỗi rồi ký lại để hoàn tất") from None
        except BaseException:
            if not committed:
                _unlink(tmp)
            raise
        return Signed(Path(target), digest, nguoi_ky, _now(), kem_theo)

    def years(self) -> list[int]:
        return [r[0] for r in self._query("SELECT DISTINCT nam FROM van_ban ORDER BY nam")]


def signing_temp(target: Path) -> Path:
    """Where a signed file is completed before it takes its place."""
    return Path(target).with_name(f".{Path(target).name}.dang-ky")


def _of_type(chuoi: str) -> str:
    return "" if chuoi == SHARED else f" (dãy {chuoi})"


def exists(path: Path) -> bool:
    """Whether there is a register to read. One gone or emptied after holding numbers is an error,
    not an empty register (reading never creates one)."""
    path = Path(path)
    if not _empty_or_missing(path):
        return True
    _Marker(path).refuse_if_known()
    return False


class _Marker:
    """A small file beside the register: its id and how many rows it had, to notice it gone or swapped."""

    def __init__(self, register: Path):
        self.register = register
        self.path = register.with_name(f".{register.stem}.id")

    def read(self) -> tuple[str, int] | None:
        try:
            values = dict(line.split(": ", 1) for line in self.path.read_text(encoding="utf-8").splitlines()
                          if ": " in line and not line.startswith("#"))
            return values["ma_so"].strip(), int(values["so_dong"])
        except (OSError, KeyError, ValueError, UnicodeDecodeError):
            return None

    def write(self, register_id: str, count: int) -> None:
        known = self.read()
        if count == 0 or (known and known[0] == register_id and known[1] >= count):
            return  # an empty register leaves no trace, so a backup can still be put in its place
        text = (f"# Dấu vết của sổ văn bản đi {self.register.name}: vanthu dùng nó để nhận ra sổ bị mất, "
                f"bị làm rỗng hay bị thay. Đừng xóa.\nma_so: {register_id}\nso_dong: {count}\n")
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            _unlink(tmp)
            warn(f"không ghi được dấu vết của sổ văn bản đi ({self.path}): {explain(exc)}; sổ vẫn được ghi, nhưng "
                 "nếu sổ bị mất hay bị thay bằng bản cũ thì vanthu không nhận ra được")

    def refuse_if_known(self) -> None:
        known = self.read()
        if known is None:
            return
        raise RegisterError(
            f"không thấy sổ văn bản đi {self.register} (tệp đã bị xóa hoặc rỗng), trong khi sổ của đơn vị đã có "
            f"{known[1]} dòng (theo {self.path}). Cấp số lúc này sẽ bắt đầu lại từ 01 và trùng số đã cấp. "
            f"Hãy chép bản sao lưu mới nhất của sổ vào {self.register} rồi chạy lại. Nếu đây thật là một đơn "
            f"vị mới chưa cấp số nào, xóa tệp {self.path}")


def _empty_or_missing(path: Path) -> bool:
    try:
        return path.stat().st_size == 0
    except FileNotFoundError:
        return True
    except OSError:
        return False  # let opening report it


def _absolute(tep: str, duong_dan: str | None) -> Path:
    """A row's file: its absolute path, or (rows from before it was recorded) the path as given."""
    return Path(duong_dan) if duong_dan else Path(os.path.abspath(tep))


def _shown(path: Path) -> Path:
    """A path as the clerk typed it: relative to the working folder when under it."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _hash_of(path: Path) -> str | None:
    try:
        return sha256(path)
    except OSError:
        return None


def _unlink(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C back while committed documents are put in place, then deliver it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:
            raise KeyboardInterrupt


def fingerprint(values: dict) -> str:
    """A stable hash of the data a document is made from."""
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")
