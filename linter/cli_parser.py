"""The command line's parsers, in Chinese: argparse's help and error messages translated (its
own words come from gettext, which has no Chinese catalogue), one parser per subcommand
(`govlint check --help`, `parse --help`, `serve --help` each print their own help), and the
subcommand found in an argument list before parsing, with a suggestion for a misspelt one.
"""
from __future__ import annotations

import argparse
import os
import re
import sys

from govlint import __version__

COMMANDS = ("check", "parse", "serve")
COMMAND_HELP = {
    "check": "检查报告（默认；可省略 check）",
    "parse": "显示报告的语法树（标题、六个部分、表格的行与单元格及其位置）",
    "serve": "启动网页检查服务与 HTTP API",
}
EXIT_ERROR = 2

# argparse's own messages (gettext msgids, Python 3.9–3.13) -> Chinese, applied to the error
# message it builds; the first pattern that matches wins, then the rest apply to what is left.
_ERRORS = [
    (r"the following arguments are required: (.*)", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)", r"参数 \1：无效的选项 \2（可选：\3）"),
    (r"invalid choice: (.*?) \(choose from (.*)\)", r"无效的选项 \1（可选：\2）"),
    (r"argument (\S+): expected one argument", r"参数 \1：需要一个值"),
    (r"argument (\S+): expected at most one argument", r"参数 \1：最多一个值"),
    (r"argument (\S+): expected at least one argument", r"参数 \1：至少一个值"),
    (r"argument (\S+): expected (\d+) arguments?", r"参数 \1：需要 \2 个值"),
    (r"argument (\S+): invalid (\S+) value: (.*)", r"参数 \1：无效的值 \3"),
    (r"argument (\S+): ignored explicit argument (.*)", r"参数 \1：不接受值 \2"),
    (r"argument (\S+): not allowed with argument (.*)", r"参数 \1：不能与 \2 同时使用"),
    (r"ambiguous option: (\S+) could match (.*)", r"有歧义的选项 \1：可能是 \2"),
    (r"one of the arguments (.*) is required", r"以下参数至少需要一个：\1"),
    (r"argument (\S+): (.*)", r"参数 \1：\2"),
]


def translate_error(message: str) -> str:
    for pattern, replacement in _ERRORS:
        if re.fullmatch(pattern, message, re.S):
            return re.sub(pattern, replacement, message, count=1, flags=re.S)
    return message


class ChineseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """`用法：` instead of `usage: `."""

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        # argparse makes a formatter for every option it adds and would import shutil (with
        # bz2 and lzma) for the width on every run; the width is the one it would compute.
        if width is None:
            width = terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


def terminal_columns() -> int:
    """shutil.get_terminal_size().columns, as argparse's HelpFormatter asks for it: COLUMNS
    when it is a positive number, else the width of the terminal on standard output, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        size = os.get_terminal_size(sys.__stdout__.fileno())
    except (AttributeError, ValueError, OSError):
        return 80
    return size.columns or 80


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are in Chinese; errors exit 2."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示帮助并退出")

    def parse_known_intermixed_args(self, args=None, namespace=None):
        # argparse keeps the full usage for errors as format_usage()[7:], cutting "usage: ";
        # with "用法：" that would cut into the program's name, so it is kept here instead.
        if self.usage is not None:
            return super().parse_known_intermixed_args(args, namespace)
        self.usage = self.format_usage()[len("用法："):].rstrip("\n").replace("%", "%%")
        try:
            return super().parse_known_intermixed_args(args, namespace)
        finally:
            self.usage = None

    def format_help(self) -> str:
        # Section headings end with a full-width colon, as Chinese text does.
        return re.sub(r"^(\S[^\n]*?):$", r"\1：", super().format_help(), flags=re.M)

    def error(self, message):
        self.print_usage(sys.stderr)
        print(f"{self.prog}：参数错误：{translate_error(message)}（用 {self.prog} --help 查看帮助）", file=sys.stderr)
        sys.exit(EXIT_ERROR)


# ---------------------------------------------------------------- the parsers
def check_parser(prog: str = "govlint check", top: bool = False) -> ChineseArgumentParser:
    from govlint.results.formats import FORMATS
    from govlint.server.command import add_arguments as add_serve_arguments
    if top:
        description = ("政府信息公开工作年度报告检查工具\n\n子命令（省略时为 check）：\n" +
                       "\n".join(f"  {name:<7}{text}" for name, text in COMMAND_HELP.items()) +
                       "\n\n每个子命令的帮助：govlint check --help、govlint parse --help、govlint serve --help")
    else:
        description = "检查报告：表格勾稽关系、章节、地名、空单元格、标点……"
    p = ChineseArgumentParser(prog=prog, description=description,
                              epilog="退出码：0 没有错误级别的问题；1 至少一个错误；2 参数、输入文件、配置或内部错误")
    p.add_argument("paths", nargs="*", metavar="路径",
                   help="要检查的报告文件（.txt、Word .docx、PDF、网页 .html）或文件夹（文件夹内查找 *.txt、*.docx、*.pdf、"
                        "*.html、*.htm）；“-”表示从标准输入读取")
    rules = p.add_argument_group("规则")
    rules.add_argument("--select", default="", metavar="规则", help="只运行这些规则：代码、代码前缀或名称，逗号分隔（如 GL2,place-name）")
    rules.add_argument("--ignore", default="", metavar="规则", help="不运行这些规则：代码、代码前缀或名称，逗号分隔")
    rules.add_argument("--config", metavar="文件", help="配置文件路径（默认从被检查文件所在文件夹向上查找 govlint.toml）")
    rules.add_argument("--rule-time-limit", type=_seconds, metavar="秒",
                       help="一条规则检查一份报告的最长用时，超时报告为 GL000（默认取配置 rule-time-limit，10 秒；0 不限时）")
    rules.add_argument("--list-rules", action="store_true",
                       help="列出所有规则（配合 --format json 输出 JSON：code、name、severity、summary、origin、fixable）")
    rules.add_argument("--explain", metavar="代码", help="说明一条规则（代码或名称）")
    out = p.add_argument_group("输出")
    out.add_argument("--format", choices=sorted(FORMATS), default="text", help="输出格式（默认 text）")
    out.add_argument("-o", "--output-file", metavar="文件", help="把结果写入文件（UTF-8），而不是标准输出")
    out.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                     help="彩色输出：auto（默认，终端上彩色；设置了环境变量 NO_COLOR 时不用彩色）、always、never")
    out.add_argument("--statistics", action="store_true", help="只输出每条规则的问题数（从多到少）")
    out.add_argument("--exit-zero", action="store_true", help="发现问题时退出码也为 0（无法检查时仍为 2）")
    out.add_argument("-q", "--quiet", action="store_true", help="不显示进度条")
    fixes = p.add_argument_group("自动修复")
    fixes.add_argument("--fix", action="store_true", help="自动修复可以安全修复的问题（直接改写 .txt/.docx 文件），再报告剩余问题")
    fixes.add_argument("--diff", action="store_true", help="只显示 --fix 会做的修改，不改动文件")
    fixes.add_argument("--unsafe-fixes", action="store_true",
                       help="--fix/--diff 也应用“不安全”的修复（如章节标题、非本单位地名的改写）：先列出，再修改")
    files = p.add_argument_group("文件")
    files.add_argument("--stdin-filename", metavar="名称",
                       help="从标准输入读取时，报告显示的路径；也按它的扩展名选择读取方式、按它的位置查找 govlint.toml")
    files.add_argument("--exclude", action="append", metavar="模式",
                       help="检查文件夹时跳过的文件或文件夹（通配符，如 草稿 或 2019/*.txt），替换默认列表"
                            "（.git、.venv、venv、node_modules、__pycache__ 等）；可多次给出或用逗号分隔")
    files.add_argument("--extend-exclude", action="append", metavar="模式", help="在默认列表之外再跳过这些文件或文件夹")
    files.add_argument("--no-respect-gitignore", dest="respect_gitignore", action="store_false",
                       help="检查文件夹时不理会 .gitignore（默认跳过 .gitignore 中列出的文件）")
    files.add_argument("--show-files", action="store_true", help="只列出将要检查的文件，不检查")
    files.add_argument("--show-settings", action="store_true", help="显示所用的配置文件和全部生效的设置，不检查")
    runs = p.add_argument_group("批量检查")
    runs.add_argument("--write-baseline", metavar="文件", help="把本次发现的全部问题记入基线文件（此后用 --baseline 只报告新问题）")
    runs.add_argument("--baseline", metavar="文件", help="不报告基线文件中已记录的问题（按规则和所涉文字匹配，不看行号）")
    runs.add_argument("--history", action="append", default=[], metavar="文件夹",
                      help="往年报告所在的文件夹（或文件）：跨报告规则（GL7xx）拿它们作比较，但不报告其中的问题；可多次给出")
    runs.add_argument("-j", "--jobs", type=_positive_int, metavar="N",
                      help="同时检查的进程数（默认：本机 CPU 核数）；检查大量报告时使用")
    p.add_argument("--version", action="version", version=f"govlint {__version__}", help="显示版本号并退出")
    if top:     # `govlint --host …` used to start the server too; kept, shown under serve
        add_serve_arguments(p)
    return p


def parse_parser() -> ChineseArgumentParser:
    p = ChineseArgumentParser(prog="govlint parse",
                              description="显示报告的语法树：标题、六个部分、表格的行与单元格，每个节点带位置（行:列）。")
    p.add_argument("paths", nargs="+", metavar="文件", help="报告文件；“-”表示从标准输入读取")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text（默认，缩进的树）或 json（每个节点含 kind、text、span 与 children）")
    p.add_argument("--stdin-filename", metavar="名称", help="从标准输入读取时报告显示的路径，并按其扩展名选择读取方式")
    p.add_argument("-o", "--output-file", metavar="文件", help="写入文件（UTF-8），而不是标准输出")
    return p


def serve_parser() -> ChineseArgumentParser:
    from govlint.server.command import add_arguments as add_serve_arguments
    p = ChineseArgumentParser(prog="govlint serve",
                              description="启动网页检查服务：浏览器打开页面拖入报告即可检查；报送系统可调用 HTTP API（/api/lint、/api/fix）。\n"
                                          "需要额外的依赖：pip install 'govlint[serve]'")
    p.add_argument("--select", default="", metavar="规则", help="只运行这些规则（代码、前缀或名称，逗号分隔）")
    p.add_argument("--ignore", default="", metavar="规则", help="不运行这些规则")
    p.add_argument("--config", metavar="文件", help="配置文件路径（默认从当前文件夹向上查找 govlint.toml）")
    add_serve_arguments(p)
    return p


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"应为正整数，而不是“{value}”")
    return number


def _seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not number >= 0:
        raise argparse.ArgumentTypeError(f"应为不小于 0 的秒数，而不是“{value}”")
    return number


# ---------------------------------------------------------------- finding the subcommand
def find_command(argv: list[str], parser: argparse.ArgumentParser) -> tuple[str | None, int | None]:
    """The subcommand word and its index in argv: the first word that is neither an option nor
    an option's value (`govlint --format json check r.txt` works as before). (None, None) when
    the first word is not a subcommand; a misspelt one is returned for `unknown_command`."""
    takes_value = {s for a in parser._actions for s in a.option_strings if a.nargs != 0}
    flags = {s for a in parser._actions for s in a.option_strings}
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--":
            return (None, None)
        if word.startswith("-") and word != "-":
            name = word.split("=", 1)[0]
            if "=" not in word:
                if name not in flags and name.startswith("--"):   # an abbreviation, as argparse allows
                    matches = [f for f in flags if f.startswith(name)]
                    name = matches[0] if len(matches) == 1 else name
                if name in takes_value:     # its value is the next word (`-j4` holds its own)
                    i += 1
            i += 1
            continue
        if word in COMMANDS or _near_command(word):
            return (word, i)
        return (None, None)
    return (None, None)


def _near_command(word: str) -> str | None:
    if word in COMMANDS or os.path.exists(word) or "/" in word or os.sep in word or "." in word:
        return None     # a file (even one named like a command) or a path
    import difflib
    found = difflib.get_close_matches(word.lower(), COMMANDS, n=1, cutoff=0.6)
    return found[0] if found else None


def unknown_command(word: str) -> str | None:
    """The Chinese message for a misspelt subcommand, or None when `word` is a subcommand."""
    near = _near_command(word)
    if word in COMMANDS or near is None:
        return None
    return f"未知的子命令“{word}”，是否想输入“{near}”？（要检查同名的文件，请写出它的路径，如 ./{word}）"


def split_selectors(value: str) -> list[str]:
    """"GL2, place-name" -> ["GL2", "place-name"] (--select, --ignore)."""
    return [v.strip() for v in value.split(",") if v.strip()]
