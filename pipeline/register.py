"""The register of outgoing documents (sổ đăng ký văn bản đi, NĐ 30/2020 Điều 15 and Phụ lục IV).

Numbers follow issue order within a calendar year, start at 01 and are never given twice.
A number is taken, the document written and the row recorded in one transaction: when any
step fails, nothing of it remains. The register knows nothing of templates or data files.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterator

from . import vn
from .errors import RegisterError
from .files import temp_beside, write_atomic

SQLITE_MAGIC = b"SQLite format 3\x00"
ISSUED, REVOKED = "da_cap", "thu_hoi"

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
]


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


class Register:
    """One SQLite file; `per_type` gives each document type its own sequence."""

    def __init__(self, path: Path, per_type: bool = False, timeout: float = 10.0):
        self.path = Path(path)
        self.per_type = per_type
        self.timeout = timeout
        self._check_file()
        self._db = self._connect()
        self._migrate()

    # opening

    def _check_file(self) -> None:
        if not self.path.exists():
            return
        try:
            with open(self.path, "rb") as f:
                header = f.read(len(SQLITE_MAGIC))
        except OSError as exc:
            raise RegisterError(f"không đọc được sổ văn bản {self.path}: {exc.strerror}") from None
        if header and header != SQLITE_MAGIC:
            raise RegisterError(f"{self.path} không phải sổ văn bản (không phải cơ sở dữ liệu SQLite); "
                                "tệp được giữ nguyên")

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Autocommit mode: every write below opens its own explicit transaction.
            db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
            db.execute("PRAGMA foreign_keys = ON")
            return db
        except (OSError, sqlite3.Error) as exc:
            raise RegisterError(f"không mở được sổ văn bản {self.path}: {exc}") from None

    def _migrate(self) -> None:
        """Apply the migrations this file lacks, each in its own transaction."""
        if self._version() == len(MIGRATIONS):
            return  # up to date: no write lock needed, so reading never waits for a writer
        for number, (name, sql) in enumerate(MIGRATIONS, 1):
            with self._transaction():
                if self._version() >= number:
                    continue  # another process applied it meanwhile
                self._db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
                for statement in filter(str.strip, sql.split(";")):
                    self._db.execute(statement)
                self._db.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))
                self._db.execute(f"PRAGMA user_version = {number}")

    def _version(self) -> int:
        try:
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as exc:
            raise self._locked_or(exc) from None
        if version > len(MIGRATIONS):
            raise RegisterError(f"sổ văn bản {self.path} được ghi bởi phiên bản vanthu mới hơn "
                                f"(lược đồ {version}, bản này biết {len(MIGRATIONS)}); hãy cập nhật vanthu. "
                                "Tệp được giữ nguyên")
        return version

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
        except sqlite3.OperationalError as exc:
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

    def _locked_or(self, exc: sqlite3.Error) -> RegisterError:
        if "locked" in str(exc) or "busy" in str(exc):
            return RegisterError(f"sổ văn bản {self.path} đang được một chương trình khác ghi; "
                                 f"đã chờ {self.timeout:g} giây, hãy thử lại sau")
        if isinstance(exc, sqlite3.DatabaseError) and "not a database" in str(exc):
            return RegisterError(f"{self.path} không phải sổ văn bản (không phải cơ sở dữ liệu SQLite)")
        return RegisterError(f"lỗi sổ văn bản {self.path}: {exc}")

    # issuing

    def issue(self, entry: Entry, ngay: date, path_for: Callable[[int], Path],
              write: Callable[[int, date, Path], None]) -> Issued:
        """Give the document its number and write it, all or nothing.

        `write(so, ngay, tmp)` renders the document with that number and date into `tmp`;
        the file is moved to `path_for(so)` only as the row is committed. Issuing the same
        document again returns its number and rewrites it unchanged.
        """
        moved = False
        try:
            with self._transaction():
                existing = self._issued(entry)
                if existing:
                    return self._reissue(entry, existing, path_for, write)
                chuoi = entry.loai if self.per_type else "chung"
                so = self._db.execute("SELECT COALESCE(MAX(so), 0) + 1 FROM van_ban WHERE nam = ? AND chuoi = ?",
                                      (ngay.year, chuoi)).fetchone()[0]
                out = path_for(so)
                tmp = temp_beside(out)
                try:
                    write(so, ngay, tmp)
                    self._insert(entry, chuoi, so, ngay, out, tmp)
                    os.replace(tmp, out)
                    moved = True
                finally:
                    tmp.unlink(missing_ok=True)
        except BaseException:
            if moved:  # the commit failed after the file was in place
                out.unlink(missing_ok=True)
            raise
        return Issued(ngay.year, so, entry.ky_hieu, ngay, out, moi=True)

    def _issued(self, entry: Entry) -> tuple | None:
        return self._db.execute(
            "SELECT nam, so, ky_hieu, ngay, bam_du_lieu FROM van_ban WHERE loai = ? AND khoa = ? AND trang_thai = ?",
            (entry.loai, entry.khoa, ISSUED)).fetchone()

    def _reissue(self, entry: Entry, existing: tuple, path_for, write) -> Issued:
        """The same document again: same number and date, unless its data changed."""
        nam, so, ky_hieu, issued_on, data_hash = existing
        if data_hash != entry.bam_du_lieu:
            raise RegisterError(
                f"{entry.ten_loai.capitalize()} «{entry.trich_yeu}» đã được cấp số {vn.so_hieu(so, ky_hieu)} "
                f"năm {nam}, nhưng dữ liệu đã thay đổi từ đó. Văn bản đã ban hành không được sửa: hãy thu hồi "
                f"số cũ (vanthu so-van-ban thu-hoi {so} --nam {nam} --ly-do \"…\") rồi cấp số mới")
        ngay = date.fromisoformat(issued_on)
        out = write_atomic(path_for(so), lambda tmp: write(so, ngay, tmp))
        return Issued(nam, so, ky_hieu, ngay, out, moi=False)

    def _insert(self, entry: Entry, chuoi: str, so: int, ngay: date, out: Path, written: Path) -> None:
        self._db.execute(
            "INSERT INTO van_ban (nam, chuoi, so, ky_hieu, loai, ten_loai, khoa, ngay, trich_yeu, nguoi_ky, "
            "noi_nhan, tep, sha256, bam_du_lieu, trang_thai, ghi_luc) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (ngay.year, chuoi, so, entry.ky_hieu, entry.loai, entry.ten_loai, entry.khoa, ngay.isoformat(),
             entry.trich_yeu, entry.nguoi_ky, entry.noi_nhan, str(out), _sha256(written), entry.bam_du_lieu,
             ISSUED, _now()))

    def revoke(self, nam: int, so: int, ly_do: str, loai: str | None = None) -> Row:
        """Mark an issued number revoked; the number is never given again."""
        if not ly_do.strip():
            raise RegisterError("cần ghi lý do thu hồi (--ly-do)")
        with self._transaction():
            rows = [r for r in self._rows("nam = ? AND so = ?", (nam, so)) if loai in (None, r[1])]
            if not rows:
                raise RegisterError(f"sổ văn bản năm {nam} không có số {vn.so_van_ban(so)}"
                                    + (f" loại {loai}" if loai else ""))
            if len(rows) > 1:
                kinds = ", ".join(r[1] for r in rows)
                raise RegisterError(f"năm {nam} có nhiều văn bản số {vn.so_van_ban(so)} ({kinds}); chọn một bằng --loai")
            row_id, _, row = rows[0]
            if row.trang_thai == REVOKED:
                raise RegisterError(f"số {vn.so_hieu(so, row.ky_hieu)} năm {nam} đã bị thu hồi trước đó")
            self._db.execute("UPDATE van_ban SET trang_thai = ?, ly_do_thu_hoi = ? WHERE id = ?",
                             (REVOKED, ly_do.strip(), row_id))
        return dataclasses.replace(row, trang_thai=REVOKED, ly_do_thu_hoi=ly_do.strip())

    # reading

    def _rows(self, where: str, params: tuple) -> list[tuple[int, str, Row]]:
        query = (f"SELECT id, loai, nam, so, ky_hieu, ten_loai, ngay, trich_yeu, nguoi_ky, noi_nhan, tep, "
                 f"trang_thai, ly_do_thu_hoi, loai, khoa FROM van_ban WHERE {where} ORDER BY nam, ngay, so, ky_hieu")
        try:
            result = self._db.execute(query, params).fetchall()
        except sqlite3.Error as exc:
            raise self._locked_or(exc) from None
        return [(r[0], r[1], Row(r[2], r[3], r[4], r[5], date.fromisoformat(r[6]), *r[7:])) for r in result]

    def rows(self, nam: int | None = None) -> list[Row]:
        """The register in issue order, one year or all."""
        where, params = ("nam = ?", (nam,)) if nam is not None else ("1 = 1", ())
        return [row for _, _, row in self._rows(where, params)]

    def find(self, loai: str, khoa: str) -> Row | None:
        """The issued (not revoked) document of this type and key, if any."""
        rows = self._rows("loai = ? AND khoa = ? AND trang_thai = ?", (loai, khoa, ISSUED))
        return rows[0][2] if rows else None

    def years(self) -> list[int]:
        return [r[0] for r in self._db.execute("SELECT DISTINCT nam FROM van_ban ORDER BY nam")]


def fingerprint(values: dict) -> str:
    """A stable hash of the data a document is made from."""
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")
