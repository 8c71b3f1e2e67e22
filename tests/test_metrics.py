"""Text widths (Liberation Serif metrics) and the word wrap that sizes the rule under a title."""

from hypothesis import given, strategies as st

from pipeline.metrics import text_width_mm, wrap

WORDS = st.lists(st.sampled_from(["Kế", "hoạch", "thực", "hiện", "công", "tác", "BÌNH", "ĐẲNG", "giới", "năm",
                                  "2022", "Ưu", "tiên", "Phòng", "GD&ĐT", "Quận", "8"]), max_size=40)


def test_known_widths():
    # Liberation Serif: "H" 1479 units, "i" 569, space 512, bold "H" 1593; 2048 units per em.
    assert text_width_mm("Hi", 14) == (1479 + 569) / 2048 * 14 * 25.4 / 72
    assert text_width_mm("H H", 13, bold=True) == (1593 + 512 + 1593) / 2048 * 13 * 25.4 / 72
    assert text_width_mm("Hồ", 14) == text_width_mm("Ho", 14)  # tone marks take no width
    assert text_width_mm("ư", 14) != text_width_mm("u", 14)  # the horn does


@given(WORDS, st.floats(min_value=20, max_value=160))
def test_wrap_is_greedy_and_keeps_every_word(words, width):
    lines = wrap(" ".join(words), width, 14, bold=True)
    assert " ".join(lines).split() == words
    for line in lines:
        assert text_width_mm(line, 14, bold=True) <= width or " " not in line
    for line, following in zip(lines, lines[1:]):
        assert text_width_mm(f"{line} {following.split()[0]}", 14, bold=True) > width
