"""Money written out and split: capital Chinese numerals (大写金额) exact for every amount a
payment list carries, and shares that add up to the cent."""
import random
import re

from odoo.tests import BaseCase, tagged

from ..models.zugong_ledger_entry import AMOUNT_LIMIT
from ..tools.money import capital_amount, exact_sum, split_by_weights, split_evenly, to_cents

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = {"拾": 10, "佰": 100, "仟": 1000}


def read_capital(words):
    """The amount in cents that capital numerals say, read back independently of the
    writer."""
    sign = -1 if words.startswith("负") else 1
    words = words.removeprefix("负").removesuffix("整")
    integer, _yuan, decimals = words.rpartition("元")
    total = section = digit = 0
    for char in integer:
        if char in DIGITS:
            digit = DIGITS.index(char)
        elif char in PLACES:
            section += digit * PLACES[char]
            digit = 0
        elif char == "万":
            total += (section + digit) * 10**4
            section = digit = 0
        elif char == "亿":
            total = (total + section + digit) * 10**8
            section = digit = 0
        else:
            raise AssertionError(f"unexpected {char!r} in {words!r}")
    cents = (total + section + digit) * 100
    for value, unit in re.findall(r"([零壹贰叁肆伍陆柒捌玖])([角分])", decimals):
        cents += DIGITS.index(value) * (10 if unit == "角" else 1)
    return sign * cents


# What the rules of writing capital amounts forbid: a zero read twice, a zero before a
# unit or at the end of the yuan, a ten without its one (拾 alone), 整 anywhere but after
# the yuan or the jiao.
FORBIDDEN = re.compile(r"零零|零[拾佰仟万亿元角分整]|(^|[^壹贰叁肆伍陆柒捌玖])拾|整.|分整|^元")


@tagged("post_install", "-at_install")
class TestCapitalAmount(BaseCase):

    def assertWritten(self, cents, words=None):
        written = capital_amount(cents / 100)
        if words is not None:
            self.assertEqual(written, words)
        self.assertEqual(read_capital(written), cents, written)
        if cents:
            self.assertIsNone(FORBIDDEN.search(written), written)
        self.assertTrue(written.endswith(("整", "分")), written)

    def test_examples_of_the_payment_rules(self):
        for amount, words in [
            ("1234.56", "壹仟贰佰叁拾肆元伍角陆分"),
            ("1409.50", "壹仟肆佰零玖元伍角整"),
            ("6007.14", "陆仟零柒元壹角肆分"),
            ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
            ("107000.53", "壹拾万柒仟元伍角叁分"),
            ("325.04", "叁佰贰拾伍元零肆分"),
            ("0", "零元整"),
            ("0.05", "伍分"),
            ("0.5", "伍角整"),
            ("10", "壹拾元整"),
            ("110", "壹佰壹拾元整"),
            ("1004", "壹仟零肆元整"),
            ("1010", "壹仟零壹拾元整"),
            ("100000", "壹拾万元整"),
            ("100001", "壹拾万零壹元整"),
            ("1000010", "壹佰万零壹拾元整"),
            ("999999.99", "玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
            ("100001000", "壹亿零壹仟元整"),
            ("100100000", "壹亿零壹拾万元整"),
            ("110000000", "壹亿壹仟万元整"),
            ("-33.34", "负叁拾叁元叁角肆分"),
        ]:
            with self.subTest(amount=amount):
                self.assertEqual(capital_amount(amount), words)
                self.assertEqual(read_capital(words), to_cents(amount))

    def assertWholeYuan(self, yuan):
        written = capital_amount(yuan)
        if read_capital(written) != yuan * 100 or (yuan and FORBIDDEN.search(written)):
            self.fail(f"{yuan}: {written}")

    def test_every_whole_amount_below_the_ledger_bound(self):
        """The yuan of an entry (below 1,000,000) are written as two groups of four digits,
        the ten-thousands (万) and the rest, each written on its own; the rest depends on
        the ten-thousands only through whether there are any. So every amount below the
        bound is covered by: every group alone (0 to 9,999), every rest after some
        ten-thousands, and every ten-thousands before rests of each kind (none, under a
        thousand, a thousand or more). The jiao and fen after the yuan depend only on
        whether there are yuan (next test)."""
        for yuan in range(10000):
            self.assertWholeYuan(yuan)
        for tens_of_thousands in (1, 10, 11, 99):
            for rest in range(10000):
                self.assertWholeYuan(tens_of_thousands * 10000 + rest)
        for tens_of_thousands in range(1, AMOUNT_LIMIT // 10000):
            for rest in (0, 1, 10, 100, 101, 999, 1000, 1001, 1010, 9999):
                self.assertWholeYuan(tens_of_thousands * 10000 + rest)

    def test_every_jiao_and_fen(self):
        for yuan in (0, 1, 10, 1000, 100000, AMOUNT_LIMIT - 1):
            for rest in range(100):
                with self.subTest(yuan=yuan, rest=rest):
                    self.assertWritten(yuan * 100 + rest)
                    self.assertWritten(-(yuan * 100 + rest))

    def test_sums_of_a_payment_list(self):
        """Totals of many entries reach hundreds of millions: written exactly as well."""
        draw = random.Random(15)
        for _sample in range(5000):
            self.assertWritten(draw.randrange(10**14))
        with self.assertRaises(ValueError):
            capital_amount(10**12)

    def test_floats_are_read_to_the_cent(self):
        self.assertEqual(capital_amount(0.1 + 0.2), "叁角整")
        self.assertEqual(capital_amount(exact_sum([33.34, 33.33, 33.33])), "壹佰元整")
        self.assertEqual(capital_amount(1.005), "壹元零壹分")


@tagged("post_install", "-at_install")
class TestSplitEvenly(BaseCase):

    def test_largest_remainder(self):
        self.assertEqual(split_evenly(100, 3), [33.34, 33.33, 33.33])
        self.assertEqual(split_evenly(100, 1), [100.0])
        self.assertEqual(split_evenly(0.05, 3), [0.02, 0.02, 0.01])
        self.assertEqual(split_evenly(-10, 3), [-3.34, -3.33, -3.33])
        with self.assertRaises(ValueError):
            split_evenly(100, 0)

    def test_shares_add_up(self):
        draw = random.Random(3)
        for _sample in range(2000):
            cents, parts = draw.randrange(1, 10**8), draw.randrange(1, 12)
            shares = split_evenly(cents / 100, parts)
            self.assertEqual(sum(to_cents(share) for share in shares), cents)
            self.assertLessEqual(max(shares) - min(shares), 0.0100001)

    def test_split_by_weights(self):
        self.assertEqual(split_by_weights(10, [3, 2]), [6.0, 4.0])
        self.assertEqual(split_by_weights(10, [33.34, 33.33, 33.33]), [3.34, 3.33, 3.33])
        # exact parts 1.428571.., 2.857142.., 5.714285..: the cents left go to the largest remainders
        self.assertEqual(split_by_weights(10, [1, 2, 4]), [1.43, 2.86, 5.71])
        self.assertEqual(split_by_weights(1, [1, 2, 4]), [0.14, 0.29, 0.57])
        self.assertEqual(split_by_weights(-1, [1, 2, 4]), [-0.14, -0.29, -0.57])
        self.assertEqual(split_by_weights(5, [0, 1]), [0.0, 5.0])
        for weights in ([], [0, 0], [1, -1]):
            with self.assertRaises(ValueError):
                split_by_weights(10, weights)

    def test_weighted_shares_add_up(self):
        draw = random.Random(5)
        for _sample in range(2000):
            cents = draw.randrange(-10**6, 10**6)
            weights = [draw.randrange(0, 100) / draw.choice((1, 3, 7)) for _part in range(draw.randrange(1, 8))]
            if not any(weights):
                continue
            shares = split_by_weights(cents / 100, weights)
            self.assertEqual(sum(to_cents(share) for share in shares), cents)
            total = sum(weights)
            for share, weight in zip(shares, weights):
                self.assertLess(abs(share - cents / 100 * weight / total), 0.01)
