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

test: $(STAMP)
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

templates: $(STAMP)
	$(BIN)/vanthu mau

clean:
	rm -rf $(VENV) out/*/ .pytest_cache
