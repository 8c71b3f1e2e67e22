# The two commands of the README: `make run` and `make test` (`make test-fast` leaves out the slow tests).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast templates clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/vanthu soan
	$(BIN)/vanthu tron templates/bao-cao-lop.docx data/2022/bao-cao-lop.xlsx --ten "{stt}-lop-{lop}" \
		--trich-yeu "Kết quả công tác Bình đẳng giới và Trẻ em năm {{ nam }} của lớp {{ lop }}" \
		--ngay 2022-12-16 --gop out/tron/bao-cao-lop/tat-ca.docx
	# The plan issued into a throwaway example register (out/ky-so/, made anew each run, never the school's
	# own) and signed with the example school's test certificates: out/ky-so/2022/KH-01-THCSKB-ky-so.pdf.
	rm -rf out/ky-so
	$(BIN)/vanthu soan ke-hoach-binh-dang-gioi --cap-so --ngay 2022-05-09 --ra out/ky-so \
		--so-van-ban out/ky-so/so-van-ban-vi-du.sqlite
	$(BIN)/vanthu ky-so out/ky-so/2022/KH-01-THCSKB.docx --so-van-ban out/ky-so/so-van-ban-vi-du.sqlite

test: $(STAMP)
	$(BIN)/python -m pytest -q

# The fast tests run in-process on their own tmp_path: spread over the machine's cores (pytest-xdist),
# each test module on one worker so that its module fixtures are made once.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow" -n auto --dist loadscope

templates: $(STAMP)
	$(BIN)/vanthu mau

clean:
	rm -rf $(VENV) out/*/ .pytest_cache
