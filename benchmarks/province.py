"""A province-year in the benchmark database, for the benchmarks that need realistic
volumes: 2,000 units, 20,000 people, 200,000 items and 300,000 adoptions.

    from common import odoo_env
    from province import ensure_province

    with odoo_env() as env:
        province = ensure_province(env)   # loads once, then returns at once
        province.officer_login, province.password, province.root_unit_id, province.year

The rows are generated in Python from fixed seeds (the same year gives the same rows)
and written with COPY, with the values the ORM would have stored: the units' tree
(``parent_path``, ``complete_name``), the related and computed columns of items
(``unit_ids``, ``unit_id``, ``is_joint``, ``type_code``, ``body_text``, ``word_count``),
adoptions (``level``, ``company_id``), members, quotas and shares (``company_id``,
``unit_id``, ``year``, ``unit_kind``), and the users with their partners, companies and
groups including the implied ones. A few records that Odoo's own code must make (the
research office user, the passwords of the logins above, the item sequence's year,
the commissions and their targets) go through the ORM.

What is loaded:

- units: the province, 15 cities, 150 counties and districts, 1,467 townships and
  streets below the counties and 367 direct-report points below the townships; the
  province, cities and counties are of category I, townships of II or III, points IV;
- people: ten a unit, each a user with a partner and a current membership: the first is
  the unit's registered officer, the second its head (unit head group), the others
  officers; a point's officer and about a third of the other officers are portal users;
- one registered officer per unit since before the year;
- items of the year, submitted from 1 January to the day before the load (or the year's
  end for a past year): 5 % drafts, 2 % awaiting sign-off, the others submitted,
  received, adopted or not adopted as their age allows; one in twenty is a joint item
  with a sibling unit (two units, an author of each, shares of 50 %); each unit's
  officer writes about a third of its items;
- adoptions: one to four per adopted item, in the unit's county bulletin, its city's
  bulletin, the province's bulletin, the central 《组工信息》 or another channel
  (websites), the later ones at the higher levels, each in its own issue; an item is
  adopted from three days to a month after its submission, so a year loaded in its
  first months has fewer adoptions;
- quotas of the year for every unit with the figures of its category, split evenly
  among the unit's ten people as the quota's "split evenly" does;
- twelve open commissions of the research office, to a hundred units each.

Not loaded: mail (followers, messages, activities, the users' welcome messages, chat
channel memberships and digest subscriptions), the items' state history and the
near-duplicate index (text hashes and bands: ``benchmarks/duplicates`` builds its own),
urgent reports, bulletins of the department's own issues, score lines.
"""
import dataclasses
import json
import multiprocessing
import time
from datetime import date, datetime, timedelta

from common import chinese_text, copy_rows, odoo_env, seeded

from odoo.addons.zugong_info.models.zugong_quota import _even_split  # noqa: E402
from odoo.addons.zugong_info.models.zugong_quota_figures import QUOTA_FIGURES  # noqa: E402
from odoo.addons.zugong_info.tools.text import count_words, html_to_text  # noqa: E402

MARKER = "zugong_bench.province"
PASSWORD = "province-benchmark"

CITIES = 15
COUNTIES_PER_CITY = 10
TOWNSHIPS = 1_467
POINTS = 367
UNITS = 1 + CITIES + CITIES * COUNTIES_PER_CITY + TOWNSHIPS + POINTS  # 2,000
PEOPLE_PER_UNIT = 10
PEOPLE = UNITS * PEOPLE_PER_UNIT  # 20,000
ITEMS = 200_000
ADOPTIONS = 300_000
JOINT_SHARE = 0.05
COMMISSIONS = 12
COMMISSION_UNITS = 100

CITY_NAMES = ["江州", "云岭", "清河", "临川", "东平", "南浦", "西陵", "北海", "青阳", "白沙",
              "金山", "玉泉", "长宁", "安远", "兴隆"]
COUNTY_NAMES = ["城关区", "东湖区", "西山区", "南岭县", "北川县", "安平县", "永和县", "青石县",
                "桃源县", "云溪县"]
TOWN_STEMS = ["新华", "红旗", "和平", "胜利", "建设", "团结", "光明", "太平", "长安", "富民",
              "丰收", "振兴", "兴旺", "石桥", "杨柳", "柳林", "花园", "清水", "龙泉", "凤凰",
              "马场", "白云", "黄土", "高坪", "双河", "三江", "五里", "九龙"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力林宇鹏浩凯晨晓亮波斌宁峰俊颖琳雪梅海燕云飞志国春"
ITEM_TYPES = [("dynamic", 50), ("experience", 20), ("research", 10), ("problem", 15), ("commentary", 5)]
TITLE_OPENINGS = ["我县", "我区", "我镇", "我街道", "本单位", "我市"]
# the levels of an adopted item's first, second, ... adoption, with their weights
ADOPTION_ROUNDS = [
    [("county", 1)],
    [("city", 1)],
    [("other", 80), ("province", 20)],
    [("other", 60), ("province", 30), ("central", 10)],
]
ADOPTIONS_PER_ITEM = [1, 1, 1, 2, 2, 3, 3, 4, 4, 4]  # 2.5 on average
FORMS = [("full", 60), ("combined", 25), ("brief", 15)]
MIN_AGE_FOR_ADOPTION = 35  # days between submission and the load day: room for 4 issues


@dataclasses.dataclass(frozen=True)
class Province:
    """What the benchmarks need to know of the loaded province-year. Every login below
    has the password ``password``."""

    year: int
    last_day: str  # the last submission date loaded (ISO)
    company_id: int
    root_unit_id: int
    city_unit_id: int  # the first city
    county_unit_id: int  # the first county of the first city
    officer_login: str  # the registered officer of a township, an internal user
    officer_user_id: int
    officer_unit_id: int
    portal_officer_login: str  # the registered officer of a direct-report point, a portal user
    portal_officer_user_id: int
    head_login: str  # the head of county_unit_id (watches its subtree)
    head_user_id: int
    research_login: str  # the research office (sees the whole province)
    research_user_id: int
    password: str
    units: int
    people: int
    items: int
    adoptions: int


def ensure_province(env, year=None):
    """The province-year of ``year`` (this year by default) in the database of ``env``
    (a superuser environment): loaded and committed on the first call, read back from
    the database on the next ones (a province of another year stays as it is)."""
    loaded = env["ir.config_parameter"].sudo().get_param(MARKER)
    if loaded:
        return Province(**json.loads(loaded))
    started = time.perf_counter()
    province = _Loader(env, year or date.today().year).load()
    env["ir.config_parameter"].sudo().set_param(MARKER, json.dumps(dataclasses.asdict(province)))
    env.cr.commit()
    env.cr.execute("ANALYZE")
    env.registry.clear_cache()  # record rules depend on the users' units
    print(f"province-year {province.year} loaded in {time.perf_counter() - started:.0f} s: "
          f"{province.units:,} units, {province.people:,} people, {province.items:,} items, "
          f"{province.adoptions:,} adoptions", flush=True)
    return province


def _weighted(rng, choices):
    values, weights = zip(*choices)
    return rng.choices(values, weights)[0]


def _item_text(index):
    """Title and body text of item ``index``: distinct organization-work Chinese."""
    rng = seeded(f"province-item-{index}")
    title = f"{rng.choice(TITLE_OPENINGS)}{chinese_text(rng, rng.randint(12, 24)).rstrip('，。')}"
    return title, chinese_text(rng, rng.randint(200, 1200))


def _item_body(index):
    title, text = _item_text(index)
    body = f"<p>{text}</p>"
    body_text = html_to_text(body)
    return title, body, body_text, count_words(body_text)


class _Loader:
    def __init__(self, env, year):
        self.env = env
        self.cr = env.cr
        self.year = year
        self.first_day = date(year, 1, 1)
        self.last_day = min(date(year, 12, 31), date.today() - timedelta(days=1))
        if self.last_day < self.first_day:
            raise ValueError(f"{year} has no past day yet: nothing can have been submitted")
        self.company_id = env.company.id
        # the moment of the load as the rows have it: the day after the last submissions
        self.now = datetime.combine(self.last_day + timedelta(days=1), datetime.min.time())
        self.rng = seeded(f"province-{year}")

    def log(self, message):
        print(f"  {message}", flush=True)

    def reserve(self, table, count):
        """``count`` new ids of ``table``, in one block."""
        sequence = f"{table}_id_seq"
        self.cr.execute("SELECT nextval(%s)", [sequence])
        first = self.cr.fetchone()[0]
        self.cr.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
        return list(range(first, first + count))

    def copy(self, table, columns, rows):
        copy_rows(self.cr, table, columns, rows)

    def stamps(self, moment=None):
        moment = moment or self.now
        return (1, 1, moment, moment)

    def load(self):
        self.research_user = self.create_research_office()
        self.load_units()
        self.load_people()
        self.load_officers()
        self.load_quotas()
        self.load_publications()
        self.load_items()
        self.load_adoptions()
        self.create_commissions()
        officer = self.people[self.first_township][0]
        portal_officer = self.people[self.first_point][0]
        head = self.people[self.first_county][1]
        Users = self.env["res.users"]
        for user_id in (officer, portal_officer, head):
            Users.browse(user_id).password = PASSWORD
        self.env.flush_all()
        return Province(
            year=self.year, last_day=self.last_day.isoformat(), company_id=self.company_id,
            root_unit_id=self.unit_ids[0], city_unit_id=self.unit_ids[1],
            county_unit_id=self.unit_ids[self.first_county],
            officer_login=self.logins[officer], officer_user_id=officer,
            officer_unit_id=self.unit_ids[self.first_township],
            portal_officer_login=self.logins[portal_officer], portal_officer_user_id=portal_officer,
            head_login=self.logins[head], head_user_id=head,
            research_login=self.research_user.login, research_user_id=self.research_user.id,
            password=PASSWORD, units=UNITS, people=PEOPLE, items=self.item_count,
            adoptions=self.adoption_count,
        )

    # ------------------------------------------------------------------ units

    def create_research_office(self):
        return self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "省委组织部研究室", "login": "province-research", "password": PASSWORD,
            "groups_id": [(6, 0, [self.env.ref("base.group_user").id,
                                  self.env.ref("zugong_info.group_research").id])],
        })

    def load_units(self):
        """The tree, parents first: (name, code, kind, parent index, category) a unit."""
        categories = [self.env.ref(f"zugong_info.unit_category_{number}").id for number in range(1, 5)]
        units = [("江南省", "PV", "other", None, categories[0])]
        for city in range(CITIES):
            units.append((f"{CITY_NAMES[city]}市", f"PV-{city + 1:02d}", "other", 0, categories[0]))
        counties = []
        for city in range(CITIES):
            for county in range(COUNTIES_PER_CITY):
                counties.append(len(units))
                units.append((f"{CITY_NAMES[city]}{COUNTY_NAMES[county]}", f"PV-{city + 1:02d}-{county + 1:02d}",
                              "county", 1 + city, categories[0]))
        townships = []
        for number in range(TOWNSHIPS):
            county = counties[number % len(counties)]
            stem = TOWN_STEMS[(number // len(counties)) % len(TOWN_STEMS)]
            street = number % 7 == 0
            townships.append(len(units))
            units.append((f"{stem}{'街道' if street else '镇'}", f"{units[county][1]}-{number // len(counties) + 1:02d}",
                          "township", county, categories[1 + number % 2]))
        points = []
        for number in range(POINTS):
            township = townships[(number * 4) % len(townships)]
            points.append(len(units))
            units.append((f"{TOWN_STEMS[number % len(TOWN_STEMS)]}村直报点", f"{units[township][1]}-P{number + 1}",
                          "point", township, categories[3]))
        assert len(units) == UNITS
        self.units = units
        self.unit_ids = ids = self.reserve("zugong_unit", UNITS)
        self.first_county, self.first_township, self.first_point = counties[0], townships[0], points[0]
        paths, names, rows = [], [], []
        for index, (name, code, kind, parent, category) in enumerate(units):
            paths.append(f"{paths[parent] if parent is not None else ''}{ids[index]}/")
            names.append(f"{names[parent]} / {name}" if parent is not None else name)
            rows.append((ids[index], None if parent is None else ids[parent], category, self.company_id,
                         name, names[index], code, kind, paths[index], True, True, *self.stamps()))
        self.copy("zugong_unit", ["id", "parent_id", "category_id", "company_id", "name", "complete_name",
                                  "code", "kind", "parent_path", "active", "signoff_required",
                                  "create_uid", "write_uid", "create_date", "write_date"], rows)
        # county and city of each unit, for the publications that adopt its items
        self.county_of, self.city_of = [None] * UNITS, [None] * UNITS
        for index, (_name, _code, kind, parent, _category) in enumerate(units):
            if kind == "county":
                self.county_of[index], self.city_of[index] = index, parent
            elif parent is not None and parent != 0:
                self.county_of[index], self.city_of[index] = self.county_of[parent], self.city_of[parent]
            elif parent == 0:
                self.city_of[index] = index
        self.children = [[] for _unit in units]
        for index, unit in enumerate(units):
            if unit[3] is not None:
                self.children[unit[3]].append(index)
        self.log(f"{UNITS:,} units")

    # ------------------------------------------------------------------ people

    def load_people(self):
        """Ten users a unit with their partners, companies, groups and memberships."""
        user_ids = self.reserve("res_users", PEOPLE)
        partner_ids = self.reserve("res_partner", PEOPLE)
        groups = {
            (share, head): self._group_closure(
                ["base.group_portal" if share else "base.group_user",
                 "zugong_info.group_unit_head" if head else "zugong_info.group_officer"])
            for share in (False, True) for head in (False, True)
        }
        rng = seeded(f"province-{self.year}-people")
        self.people, self.logins = [], {}
        partners, users, companies, memberships, group_rows = [], [], [], [], []
        member_ids = self.reserve("zugong_unit_member", PEOPLE)
        for unit in range(UNITS):
            kind = self.units[unit][2]
            unit_people = []
            for rank in range(PEOPLE_PER_UNIT):
                number = unit * PEOPLE_PER_UNIT + rank
                user_id, partner_id = user_ids[number], partner_ids[number]
                head = rank == 1
                share = kind == "point" if rank == 0 else (not head and (unit + rank) % 3 == 0)
                name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _char in range(rng.randint(1, 2)))
                login = f"pv{number + 1:05d}"
                partners.append((partner_id, name, name, partner_id, "en_US", "contact", True, False, share,
                                 0, 0, *self.stamps()))
                users.append((user_id, login, partner_id, self.company_id, True, share, "email", False,
                              f'<p data-o-mail-quote="1">--<br data-o-mail-quote="1">{name}</p>', *self.stamps()))
                companies.append((user_id, self.company_id))
                group_rows.extend((group, user_id) for group in groups[(share, head)])
                since = self.first_day - timedelta(days=30 + (number * 37) % 900)
                memberships.append((member_ids[number], self.unit_ids[unit], user_id, self.company_id,
                                    since, True, *self.stamps()))
                unit_people.append(user_id)
                self.logins[user_id] = login
            self.people.append(unit_people)
        self.copy("res_partner", ["id", "name", "complete_name", "commercial_partner_id", "lang", "type",
                                  "active", "is_company", "partner_share", "color", "message_bounce",
                                  "create_uid", "write_uid", "create_date", "write_date"], partners)
        self.copy("res_users", ["id", "login", "partner_id", "company_id", "active", "share",
                                "notification_type", "tour_enabled", "signature",
                                "create_uid", "write_uid", "create_date", "write_date"], users)
        self.copy("res_company_users_rel", ["user_id", "cid"], companies)
        self.copy("res_groups_users_rel", ["gid", "uid"], group_rows)
        self.copy("zugong_unit_member", ["id", "unit_id", "user_id", "company_id", "date_from", "active",
                                         "create_uid", "write_uid", "create_date", "write_date"], memberships)
        self.log(f"{PEOPLE:,} people")

    def _group_closure(self, xmlids):
        """The groups and every group they imply, as the ORM would give a user."""
        self.cr.execute(
            """
            WITH RECURSIVE closure(id) AS (
                SELECT unnest(%s::int[])
                UNION SELECT implied.hid FROM res_groups_implied_rel implied JOIN closure ON implied.gid = closure.id
            )
            SELECT id FROM closure ORDER BY id
            """,
            [[self.env.ref(xmlid).id for xmlid in xmlids]],
        )
        return [row[0] for row in self.cr.fetchall()]

    def load_officers(self):
        """The first person of each unit is its registered officer since before the year."""
        ids = self.reserve("zugong_officer", UNITS)
        rows = []
        for unit in range(UNITS):
            since = self.first_day - timedelta(days=60 + (unit * 53) % 700)
            registered = datetime.combine(since, datetime.min.time()) + timedelta(hours=9)
            rows.append((ids[unit], self.people[unit][0], self.unit_ids[unit], self.company_id, "registered",
                         since, True, self.research_user.id, registered, *self.stamps(registered)))
        self.copy("zugong_officer", ["id", "user_id", "unit_id", "company_id", "state", "date_from", "active",
                                     "registered_by_id", "registered_on",
                                     "create_uid", "write_uid", "create_date", "write_date"], rows)
        self.log(f"{UNITS:,} officer registrations")

    # ------------------------------------------------------------------ quotas

    def load_quotas(self):
        """Each unit's quota with its category's figures, split evenly among its people."""
        Category = self.env["zugong.unit.category"]
        defaults = {category: Category.browse(category)._quota_defaults()
                    for category in {unit[4] for unit in self.units}}
        quota_ids = self.reserve("zugong_quota", UNITS)
        line_ids = iter(self.reserve("zugong_quota_line", PEOPLE))
        quotas, lines = [], []
        for unit in range(UNITS):
            figures = defaults[self.units[unit][4]]
            quotas.append((quota_ids[unit], self.year, self.unit_ids[unit], self.company_id, self.units[unit][2],
                           *(figures[name] for name in QUOTA_FIGURES), *self.stamps()))
            people = sorted(self.people[unit])
            shares = {name: _even_split(figures[name], len(people), name == "score_target") for name in QUOTA_FIGURES}
            for position, user_id in enumerate(people):
                lines.append((next(line_ids), quota_ids[unit], user_id, self.unit_ids[unit], self.year,
                              self.company_id, *(shares[name][position] for name in QUOTA_FIGURES), *self.stamps()))
        self.copy("zugong_quota", ["id", "year", "unit_id", "company_id", "unit_kind", *QUOTA_FIGURES,
                                   "create_uid", "write_uid", "create_date", "write_date"], quotas)
        self.copy("zugong_quota_line", ["id", "quota_id", "user_id", "unit_id", "year", "company_id", *QUOTA_FIGURES,
                                        "create_uid", "write_uid", "create_date", "write_date"], lines)
        self.log(f"{UNITS:,} quotas split into {len(lines):,} shares")

    # ------------------------------------------------------------------ items

    def load_publications(self):
        """A bulletin for each county and city, the province's, the central one and two
        websites; by level, the publication adopting the items of each unit."""
        rows = [("《江南组工信息》", "province", "江南省委组织部"), ("《组工信息》", "central", "中央组织部"),
                ("共产党员网", "other", "中央组织部"), ("江南组工网", "other", "江南省委组织部")]
        cities = [index for index, unit in enumerate(self.units) if unit[3] == 0]
        counties = [index for index, unit in enumerate(self.units) if unit[2] == "county"]
        rows += [(f"《{self.units[city][0]}组工信息》", "city", f"{self.units[city][0]}委组织部") for city in cities]
        rows += [(f"《{self.units[county][0]}组工》", "county", f"{self.units[county][0]}委组织部") for county in counties]
        ids = self.reserve("zugong_publication", len(rows))
        self.copy("zugong_publication", ["id", "name", "level", "issuer", "is_own", "sequence", "active",
                                         "create_uid", "write_uid", "create_date", "write_date"],
                  [(ids[number], name, level, issuer, False, 10 + number, True, *self.stamps())
                   for number, (name, level, issuer) in enumerate(rows)])
        self.publication_level = {ids[number]: level for number, (_name, level, _issuer) in enumerate(rows)}
        province, central, websites = ids[0], ids[1], ids[2:4]
        city_publication = dict(zip(cities, ids[4:4 + len(cities)]))
        county_publication = dict(zip(counties, ids[4 + len(cities):]))
        self.publication_of = []
        for unit in range(UNITS):
            city = city_publication.get(self.city_of[unit], province)
            county = county_publication.get(self.county_of[unit], city)
            self.publication_of.append({"county": county, "city": city, "province": province,
                                        "central": central, "other": websites})
        self.log(f"{len(rows)} publications")

    def load_items(self):
        """ITEMS items of the year with their units, unit lines and authors; the adopted
        ones get their adoptions planned (ADOPTIONS_PER_ITEM in turn) until ADOPTIONS
        are reached, the others left over stay received."""
        rng = seeded(f"province-{self.year}-items")
        types = {record.code: record.id for record in self.env["zugong.item.type"].search([])}
        days = (self.last_day - self.first_day).days + 1
        weights = [{"county": 3, "township": 1, "point": 0.5}.get(unit[2], 2) for unit in self.units]
        author_weights = [4, 0.5] + [1] * (PEOPLE_PER_UNIT - 2)
        sequence = self.env.ref("zugong_info.sequence_zugong_item")._get_current_sequence(self.last_day)
        first_number = sequence.number_next_actual
        sequence.number_next_actual = first_number + ITEMS
        item_ids = self.reserve("zugong_item", ITEMS)
        self.adoption_plan = []  # (item id, lead unit index, first adoption date, adoptions)
        planned = 0
        rows, unit_lines, unit_rel, author_rel = [], [], [], []
        started = time.perf_counter()
        with multiprocessing.Pool(multiprocessing.cpu_count()) as pool:
            texts = pool.imap(_item_body, range(ITEMS), chunksize=500)
            for number, (title, body, body_text, word_count) in enumerate(texts):
                item_id = item_ids[number]
                unit = rng.choices(range(UNITS), weights)[0]
                units = [unit]
                parent = self.units[unit][3]
                if rng.random() < JOINT_SHARE and parent is not None and len(self.children[parent]) > 1:
                    units.append(rng.choice([other for other in self.children[parent] if other != unit]))
                authors = [rng.choices(self.people[member], author_weights)[0] for member in units]
                day = self.first_day + timedelta(days=rng.randrange(days))
                state = self._item_state(rng, (self.last_day - day).days)
                adopted = None
                if state == "adopted":
                    count = min(ADOPTIONS_PER_ITEM[len(self.adoption_plan) % len(ADOPTIONS_PER_ITEM)],
                                ADOPTIONS - planned)
                    if count:
                        adopted = day + timedelta(days=rng.randint(3, 10))
                        self.adoption_plan.append((item_id, unit, adopted, count))
                        planned += count
                    else:
                        state = "received"
                values = self._workflow_values(rng, state, day, units, adopted)
                code = _weighted(rng, ITEM_TYPES)
                rows.append((item_id, title, f"{self.year}-{first_number + number:05d}", body, body_text,
                             word_count, types[code], code, self.unit_ids[unit], len(units) > 1, self.company_id,
                             state, "none", *values, 1, 1))
                created = values[-2]
                for position, member in enumerate(units):
                    unit_lines.append((item_id, 10 * (position + 1), self.unit_ids[member], 100.0 / len(units),
                                       self.company_id, 1, 1, created, created))
                    unit_rel.append((item_id, self.unit_ids[member]))
                author_rel.extend((item_id, author) for author in dict.fromkeys(authors))
                if len(rows) == 20_000:
                    self._copy_items(rows, unit_lines, unit_rel, author_rel)
                    rows, unit_lines, unit_rel, author_rel = [], [], [], []
                    self.log(f"{number + 1:,} items ({time.perf_counter() - started:.0f} s)")
        if rows:
            self._copy_items(rows, unit_lines, unit_rel, author_rel)
        self.item_count, self.adoption_count = ITEMS, planned

    def _item_state(self, rng, age):
        """A state likely for an item submitted ``age`` days before the load day."""
        draw = rng.random()
        if draw < 0.05:
            return "draft"
        if draw < 0.07:
            return "signoff"
        draw = rng.random()
        if age < 7:
            return "submitted" if draw < 0.4 else "received"
        if age < MIN_AGE_FOR_ADOPTION:
            return "submitted" if draw < 0.05 else "received" if draw < 0.85 else "rejected"
        return "received" if draw < 0.08 else "rejected" if draw < 0.22 else "adopted"

    def _workflow_values(self, rng, state, day, units, adopted):
        """What the workflow writes on the way to ``state``, in the order of the item
        columns signoff_requested_on, signed_by_id, submitted_on, submitted_date,
        first_submitted_on, first_submitted_date, received_on, received_by_id, decided_on,
        create_date, write_date. ``adopted``: the date of the first adoption."""
        created = datetime.combine(day, datetime.min.time()) + timedelta(
            hours=rng.randint(7, 11), minutes=rng.randrange(60))
        if state == "draft":
            return (None,) * 9 + (created, created)
        requested = created + timedelta(hours=rng.randint(1, 3))
        if state == "signoff":
            return (requested,) + (None,) * 8 + (created, requested)
        submitted = requested + timedelta(hours=rng.randint(1, 5))
        head = self.people[units[0]][1]
        received = decided = None
        if state != "submitted":
            received = min(submitted + timedelta(days=rng.randint(0, 2), hours=rng.randint(1, 6)), self.now)
        if state == "rejected":
            decided = min(received + timedelta(days=rng.randint(1, 10)), self.now)
        elif state == "adopted":
            decided = datetime.combine(adopted, datetime.min.time()) + timedelta(hours=15)
        return (requested, head, submitted, submitted.date(), submitted, submitted.date(), received,
                received and self.research_user.id, decided, created, decided or received or submitted)

    def _copy_items(self, rows, unit_lines, unit_rel, author_rel):
        self.copy("zugong_item", ["id", "name", "reference", "body", "body_text", "word_count", "type_id",
                                  "type_code", "unit_id", "is_joint", "company_id", "state", "duplicate_state",
                                  "signoff_requested_on", "signed_by_id", "submitted_on", "submitted_date",
                                  "first_submitted_on", "first_submitted_date", "received_on", "received_by_id",
                                  "decided_on", "create_date", "write_date", "create_uid", "write_uid"], rows)
        self.copy("zugong_item_unit", ["item_id", "sequence", "unit_id", "share", "company_id",
                                       "create_uid", "write_uid", "create_date", "write_date"], unit_lines)
        self.copy("zugong_item_unit_ids_rel", ["item_id", "unit_id"], unit_rel)
        self.copy("zugong_item_author_rel", ["item_id", "user_id"], author_rel)

    # ------------------------------------------------------------------ adoptions

    def load_adoptions(self):
        """The planned adoptions: the first on the planned date, each next one four to
        eight days later at the next round's level, so each is in an issue of its own."""
        rng = seeded(f"province-{self.year}-adoptions")
        ids = iter(self.reserve("zugong_adoption", self.adoption_count))
        rows = []
        for item_id, unit, adopted, count in self.adoption_plan:
            for round_number in range(count):
                publication = self.publication_of[unit][_weighted(rng, ADOPTION_ROUNDS[round_number])]
                if isinstance(publication, list):
                    publication = rng.choice(publication)
                level = self.publication_level[publication]  # a city's own items have no county bulletin
                issue = f"{adopted.year}年第{adopted.timetuple().tm_yday // 4 + 1}期"
                recorded = datetime.combine(adopted, datetime.min.time()) + timedelta(hours=15)
                rows.append((next(ids), item_id, publication, level, issue, _weighted(rng, FORMS), adopted,
                             self.research_user.id, self.company_id, *self.stamps(recorded)))
                adopted += timedelta(days=rng.randint(4, 8))
        self.copy("zugong_adoption", ["id", "item_id", "publication_id", "level", "issue_number", "form", "date",
                                      "recorded_by_id", "company_id", "create_uid", "write_uid", "create_date",
                                      "write_date"], rows)
        self.log(f"{len(rows):,} adoptions of {len(self.adoption_plan):,} items")

    # ------------------------------------------------------------------ commissions

    def create_commissions(self):
        """Open commissions of the research office, each to a hundred units, through the
        ORM (their targets are computed there)."""
        rng = seeded(f"province-{self.year}-commissions")
        Commission = self.env["zugong.commission"].with_context(tracking_disable=True, mail_create_nolog=True)
        topics = ["基层党组织建设质量提升", "年轻干部培养选拔", "人才工作创新举措", "党建引领基层治理",
                  "村级集体经济发展", "党员教育管理", "干部担当作为激励", "新就业群体党建"]
        for number in range(COMMISSIONS):
            units = rng.sample(self.unit_ids[1:], COMMISSION_UNITS)
            commission = Commission.create({
                "name": f"关于{topics[number % len(topics)]}的约稿（{number + 1}）",
                "deadline": self.last_day + timedelta(days=7 + 3 * number),
                "target_unit_ids": [(6, 0, units)],
            })
            commission.state = "open"  # without the reminders action_open schedules
        self.env.flush_all()
        self.log(f"{COMMISSIONS} commissions to {COMMISSION_UNITS} units each")


def main():
    """benchmarks/run province: load the province-year (once) and print what was loaded."""
    with odoo_env() as env:
        province = ensure_province(env)
    for name, value in dataclasses.asdict(province).items():
        print(f"  {name}: {value}")


if __name__ == "__main__":
    main()
