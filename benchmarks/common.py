"""Shared set-up of the benchmarks that measure the addons: an Odoo environment on a
benchmark database with the addons installed (no demo data), timing and generated
Chinese text. benchmarks/run prepares the environment variables."""
import contextlib
import io
import math
import os
import random
import statistics
import subprocess
import sys
import time

if not os.environ.get("ZUGONG_ODOO_ADDONS_PATH"):
    sys.exit("These figures measure the addons in Odoo: put Odoo 18 on the Python path.")

import odoo  # noqa: E402
from odoo.tools import config  # noqa: E402

DATABASE = os.environ.get("ZUGONG_BENCH_DB", "zugong_bench")


def odoo_args():
    args = ["-d", DATABASE, "--addons-path", os.environ["ZUGONG_ODOO_ADDONS_PATH"]]
    for variable, option in (("PGHOST", "--db_host"), ("PGPORT", "--db_port"),
                             ("PGUSER", "--db_user"), ("PGPASSWORD", "--db_password")):
        if os.environ.get(variable):
            args += [option, os.environ[variable]]
    return args


def _install_addons():
    """The benchmark database with both addons, created on first use."""
    subprocess.run(
        [sys.executable, "-m", "odoo", *odoo_args(), "-i", "zugong_info,zugong_training",
         "--without-demo=all", "--stop-after-init", "--log-level=warn"],
        check=True,
    )


_install_addons()
config.parse_config(odoo_args())
odoo.modules.module.initialize_sys_path()


@contextlib.contextmanager
def odoo_env():
    """A superuser environment on the benchmark database; the transaction is committed
    when the block ends without error."""
    registry = odoo.modules.registry.Registry(DATABASE)
    with registry.cursor() as cr:
        yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})


def copy_rows(cr, table, columns, rows):
    """COPY ``rows`` (tuples in the order of ``columns``; None is NULL) into ``table``."""
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_copy_value(value) for value in row) + "\n")
    buffer.seek(0)
    cr.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def _copy_value(value):
    if value is None:
        return r"\N"
    if value is True or value is False:
        return "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class Stopwatch:
    def __init__(self):
        self.laps = []

    @contextlib.contextmanager
    def lap(self):
        start = time.perf_counter()
        yield
        self.laps.append((time.perf_counter() - start) * 1000)

    def summary(self):
        laps = sorted(self.laps)
        return {
            "runs": len(laps),
            "median_ms": round(statistics.median(laps), 2),
            "p90_ms": round(laps[int(len(laps) * 0.9) - 1], 2),
            "p95_ms": round(percentile(laps, 95), 2),
            "worst_ms": round(laps[-1], 2),
        }


def percentile(values, percent):
    """The nearest-rank percentile of ``values`` (sorted)."""
    return values[max(0, math.ceil(len(values) * percent / 100) - 1)]


WORDS = (
    "基层党组织 党支部 党员 干部 组织部 人才 乡村振兴 基层治理 网格 社区 村集体经济 党群服务中心 "
    "年轻干部 选拔任用 考核评价 教育培训 监督管理 作风建设 担当作为 激励机制 容错纠错 实践锻炼 "
    "挂职 轮岗 帮扶 驻村第一书记 工作队 结对 联系群众 走访 调研 座谈 问卷 台账 清单 责任制 "
    "示范点 标准化 规范化 信息化 数字化 平台 机制 制度 办法 意见 方案 规划 目标任务 重点工作 "
    "主题教育 学习教育 理论武装 党性教育 警示教育 红色资源 教育基地 讲师团 专题辅导 集中培训 "
    "两新组织 非公企业 社会组织 新就业群体 快递员 外卖骑手 网约车司机 物业 业委会 小区 楼栋 "
    "党建引领 共建共治共享 志愿服务 先锋岗 责任区 示范岗 积分制 星级评定 软弱涣散 整顿提升 "
    "后备力量 村干部 书记 主任 大学生 退役军人 致富带头人 返乡创业 产业 合作社 电商 民宿 "
    "招商引资 项目建设 营商环境 专家 高层次人才 团队 科研 成果转化 飞地 公寓 子女入学 "
    "公务员 平时考核 年度考核 职务职级 档案 审核 编制 离退休干部 银发人才 老干部 关心关爱 "
    "党费 党员发展 预备党员 入党积极分子 流动党员 组织关系 三会一课 主题党日 组织生活会 民主评议"
).split()
NUMBERS = ["一", "二", "三", "五", "十", "十二", "二十", "三十六", "一百", "二百余", "五百余", "一千余", "三千余"]
VERBS = ["推动", "加强", "完善", "建立", "健全", "深化", "落实", "开展", "实施", "探索", "打造", "提升", "创新", "优化", "强化"]
UNITS = ["个", "名", "项", "次", "家", "条", "场"]


def chinese_text(rng, length):
    """Organization-work Chinese of about ``length`` characters, from a fixed vocabulary."""
    parts = []
    size = 0
    while size < length:
        sentence = (
            f"{rng.choice(VERBS)}{rng.choice(WORDS)}{rng.choice(WORDS)}，"
            f"{rng.choice(VERBS)}{rng.choice(WORDS)}{rng.choice(NUMBERS)}{rng.choice(UNITS)}，"
            f"{rng.choice(WORDS)}{rng.choice(VERBS)}{rng.choice(WORDS)}。"
        )
        parts.append(sentence)
        size += len(sentence)
    return "".join(parts)[:length]


def seeded(seed):
    return random.Random(seed)
