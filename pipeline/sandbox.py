"""The Jinja environment templates and data texts run in: Jinja's sandbox, with bounded work.

A template is data (a clerk edits it in Word or brings one), and so is a `{{ … }}` in a data
text: either may ask for `{% for i in range(10**9) %}`, `{{ 'x' * 10**10 }}` or a macro calling
itself. Each render has a budget of steps (loop iterations, calls, and the items and characters
they touch); what a template computes and what it outputs have a size; growth is checked before
it happens. Past a bound, the render stops with `Refused`, a Vietnamese message.
"""

from __future__ import annotations

import functools
import re
from contextvars import ContextVar
from typing import Any

import jinja2
from jinja2 import nodes, pass_eval_context
from jinja2.compiler import CodeGenerator
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import SandboxedEnvironment
from jinja2.visitor import NodeTransformer

from .vn import so

MAX_STEPS = 5_000_000    # loop iterations and calls, plus the items (and characters / 64) they touch
MAX_SIZE = 1_000_000     # characters (or items) of one value a template computes
MAX_OUTPUT = 50_000_000  # characters of one rendered text or part
MAX_WIDTH = 1_000        # a width or count given to center, indent, batch, a format …
MAX_BITS = 1_024         # an integer a template computes: about 300 digits


class Refused(jinja2.TemplateRuntimeError):
    """A render past one of the bounds; its message is the clerk's (see engine.explain)."""


_BUDGET: ContextVar[list[int]] = ContextVar("vanthu_render_budget")


def _charge(steps: int) -> None:
    budget = _BUDGET.get(None)
    if budget is None:  # constant folding at compile time
        return
    budget[0] -= steps
    if budget[0] < 0:
        raise Refused(f"mẫu làm quá nhiều việc (hơn {so(MAX_STEPS)} bước): vòng lặp lồng nhau, hay range quá lớn?")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _size(value: Any) -> int:
    """Characters or items, counting what nested lists repeat (`[[s]] * n` holds n copies of s)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (list, tuple)):
        return len(value) + sum(_size(v) for v in value)
    return 1


def _check_size(size: int) -> None:
    if size > MAX_SIZE:
        raise Refused(f"phép tính tạo ra giá trị quá lớn (hơn {so(MAX_SIZE)} ký tự hoặc phần tử)")


def _cost(value: Any) -> int:
    if isinstance(value, str):
        return len(value) // 64
    return len(value) if isinstance(value, (list, tuple, dict, set)) else 0


def _checked(result: Any, base: Any = None) -> Any:
    """After a call or an operator: its cost charged, its result (and its object, which an
    `append` may have grown) within the size bound."""
    _charge(1 + _cost(result) + _cost(base))
    for value in (result, base):
        if isinstance(value, (str, list, tuple, dict, set)):
            _check_size(len(value))
    return result


_FORMAT_SPEC = re.compile(r"%[-#0 +]*[*\d]*(?:\.[*\d]*)?|\{[^{}]*:[^{}]*[{}]")


def _check_format(fmt: str) -> None:
    """`'%0999999999d' % 1` or `'{:>999999999}'.format(1)` would allocate before any check."""
    for spec in _FORMAT_SPEC.findall(fmt):
        if "*" in spec or spec.count("{") > 1 or any(int(n) > MAX_WIDTH for n in re.findall(r"\d+", spec)):
            raise Refused(f"chuỗi định dạng «{spec}» có độ rộng quá lớn (tối đa {so(MAX_WIDTH)}) hoặc lấy độ "
                          "rộng từ tham số")


# Filters and methods whose integer arguments multiply the size of their result.
_WIDTHS = {"center", "ljust", "rjust", "zfill", "expandtabs", "indent", "wordwrap", "batch", "slice"}


def _check_call(name: str, base: Any, args: tuple, kwargs: dict) -> None:
    """Before a filter or method runs: the growth it can cause, from its arguments."""
    if name in _WIDTHS and any(_is_int(a) and a > MAX_WIDTH for a in (*args, *kwargs.values())):
        raise Refused(f"`{name}` với độ rộng hoặc số lượng quá lớn (tối đa {so(MAX_WIDTH)})")
    if name == "replace" and isinstance(base, str) and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        _check_size(len(base) + (base.count(old) if old else len(base) + 1) * len(new))
    elif name == "join":  # `items|join(sep)` as a filter, `sep.join(items)` as a method
        items, sep = (args[0] if args else "", base) if isinstance(base, str) else (base, args[0] if args else "")
        if isinstance(items, (list, tuple)):
            _check_size(_size(items) + len(items) * len(str(sep)))
    elif name == "format" and isinstance(base, str):
        _check_format(base)


def _check_binop(operator: str, left: Any, right: Any) -> None:
    if operator == "*":
        count, other = (left, right) if _is_int(left) else (right, left)
        if _is_int(count) and _is_int(other):
            _check_bits(count.bit_length() + other.bit_length())
        elif _is_int(count) and isinstance(other, (str, list, tuple)):
            _check_size(_size(other) * count)
    elif operator == "**" and _is_int(left) and _is_int(right) and right > 0:
        _check_bits(right * abs(left).bit_length())
    elif operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
        _check_size(_size(left) + _size(right))
    elif operator == "%" and isinstance(left, str):
        _check_format(left)


def _check_bits(bits: int) -> None:
    if bits > MAX_BITS:
        raise Refused("phép tính tạo ra số quá lớn (hơn khoảng 300 chữ số)")


def _range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_SIZE:
        raise Refused(f"range() quá lớn ({so(len(numbers))} số; tối đa {so(MAX_SIZE)})")
    _charge(len(numbers))
    return numbers


def _counted(iterable: Any):
    """What every `{% for %}` iterates (see _Bounded): each step is charged."""
    for item in iterable:
        _charge(1)
        yield item


@pass_eval_context
def _concat(eval_ctx, parts: list) -> str:
    """What every `a ~ b` becomes (see _Bounded): the size is checked before joining."""
    _check_size(sum(_size(p) for p in parts))
    return (markup_join if eval_ctx.autoescape else str_join)(parts)


def _bounded(name: str, function):
    """A filter whose growth is checked before it runs and whose cost is charged after."""
    pass_arg = getattr(function, "jinja_pass_arg", None)

    @functools.wraps(function)
    def bounded(*args, **kwargs):
        value, rest = (args[1], args[2:]) if pass_arg else (args[0], args[1:])
        _check_call(name, value, rest, kwargs)
        return _checked(function(*args, **kwargs), value)
    return bounded


class _Bounded(NodeTransformer):
    """Rewrites a parsed template so loops and `~` (which no sandbox hook sees) are bounded too."""

    def visit_For(self, node: nodes.For) -> nodes.For:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, "_counted", [], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Filter:
        self.generic_visit(node)
        return nodes.Filter(nodes.List(node.nodes, lineno=node.lineno), "_concat", [], [], None, None,
                            lineno=node.lineno)


class _CodeGenerator(CodeGenerator):
    def visit_Template(self, node: nodes.Template, frame=None) -> None:
        super().visit_Template(_Bounded().visit(node), frame)


class Miscalculated(Refused):
    """A calculation Python refuses (1/0, a number plus a text)."""


def arithmetic(exc: Exception) -> str:
    """A calculation inside `{{ … }}` that Python refuses, in the clerk's words (no English text)."""
    if isinstance(exc, ZeroDivisionError):
        return "phép tính trong {{ … }} chia cho 0"
    if isinstance(exc, TypeError):
        return "phép tính trong {{ … }} dùng hai giá trị khác kiểu (ví dụ cộng số với chữ); kiểm tra các biến trong đó"
    if isinstance(exc, LookupError):
        return "trong {{ … }} có một phần tử hay khóa không tồn tại"
    return "phép tính trong {{ … }} không thực hiện được (giá trị không hợp lệ hoặc quá lớn)"


class _Template(jinja2.Template):
    def render(self, *args: Any, **kwargs: Any) -> str:
        token = _BUDGET.set([MAX_STEPS])
        try:
            return super().render(*args, **kwargs)
        except RecursionError:
            raise Refused("mẫu gọi lồng nhau quá sâu (một macro gọi chính nó?)") from None
        except MemoryError:
            raise Refused("không đủ bộ nhớ để điền mẫu") from None
        except (ArithmeticError, TypeError, ValueError, LookupError) as exc:
            raise Miscalculated(arithmetic(exc)) from None
        finally:
            _BUDGET.reset(token)


class Sandbox(SandboxedEnvironment):
    """Jinja's sandbox (no unsafe attribute or call), with every render bounded."""

    template_class = _Template
    code_generator_class = _CodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any):
        super().__init__(**options)
        self.globals["range"] = _range
        del self.globals["lipsum"]  # lipsum(10**9) would write forever; no document needs it
        self.filters = {name: _bounded(name, f) for name, f in self.filters.items()}
        self.filters.update(_counted=_counted, _concat=_concat)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return _checked(super().call_binop(context, operator, left, right))

    def call(self, context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        base = getattr(obj, "__self__", None)
        _check_call(getattr(obj, "__name__", ""), base, args, kwargs)
        return _checked(super().call(context, obj, *args, **kwargs), base)

    def wrap_str_format(self, value: Any):
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_format(value.__self__)
        return wrapped

    def concat(self, chunks) -> str:
        """Joins every render's output: stops as soon as it grows past the bound."""
        out, size = [], 0
        for chunk in chunks:
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise Refused(f"văn bản tạo ra quá dài (hơn {so(MAX_OUTPUT)} ký tự)")
            out.append(chunk)
        return "".join(out)
