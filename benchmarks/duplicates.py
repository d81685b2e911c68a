"""Near-duplicate detection at submission, measured on a province's three years of items.

Loads ``--items`` earlier items of generated organization-work Chinese (300 to 3,000
characters) with their similarity index, by SQL, then runs the submission check on
``--checks`` new items (half of them lightly edited copies of earlier items, half new
text) and prints the time per check. The goal is a median under 50 ms.

    benchmarks/run duplicates [--items 200000] [--checks 100]
"""
import argparse
import hashlib
import multiprocessing
import time

from common import Stopwatch, chinese_text, copy_rows, odoo_env, seeded

from odoo.addons.zugong_info.tools import similarity  # noqa: E402 - needs Odoo configured

BATCH = 10_000


def generate(index):
    rng = seeded(index)
    text = chinese_text(rng, rng.randint(300, 3000))
    normalized, _shingles, bands = similarity.fingerprint(f"BENCH-{index}\n{text}")
    return index, text, hashlib.sha256(normalized.encode()).hexdigest(), bands


def load(env, count, workers):
    cr = env.cr
    cr.execute("SELECT count(*) FROM zugong_item WHERE name LIKE 'BENCH-%%'")
    present = cr.fetchone()[0]
    if present >= count:
        print(f"{present} earlier items already loaded")
        return
    unit = env["zugong.unit"].search([("code", "=", "BENCH")]) or env["zugong.unit"].create(
        {"name": "Benchmark unit", "code": "BENCH", "signoff_required": False}
    )
    item_type = env.ref("zugong_info.item_type_dynamic")
    started = time.perf_counter()
    with multiprocessing.Pool(workers) as pool:
        for offset in range(present, count, BATCH):
            generated = pool.map(generate, range(offset, min(offset + BATCH, count)), chunksize=200)
            cr.execute("SELECT nextval('zugong_item_id_seq') FROM generate_series(1, %s)", [len(generated)])
            ids = [row[0] for row in cr.fetchall()]
            items, units, bands = [], [], []
            for item_id, (index, text, text_hash, keys) in zip(ids, generated):
                submitted = f"{2024 + index % 3}-{1 + index % 12:02d}-{1 + index % 28:02d}"
                items.append((item_id, f"BENCH-{index}", f"BENCH-{index}", env.company.id, item_type.id,
                               "received", text, len(text), submitted, submitted, text_hash, unit.id,
                               "none", False, 1, 1))
                units.append((item_id, unit.id))
                bands.extend((key, item_id) for key in set(keys))
            copy_rows(cr, "zugong_item", [
                "id", "name", "reference", "company_id", "type_id", "state", "body_text", "word_count",
                "submitted_date", "first_submitted_date", "text_hash", "unit_id", "duplicate_state",
                "is_joint", "create_uid", "write_uid"], items)
            copy_rows(cr, "zugong_item_unit_ids_rel", ["item_id", "unit_id"], units)
            copy_rows(cr, "zugong_item_band", ["band_hash", "item_id"], bands)
            cr.commit()
            print(f"  loaded {offset + len(generated)} items", flush=True)
    cr.execute("ANALYZE zugong_item; ANALYZE zugong_item_band; ANALYZE zugong_item_unit_ids_rel")
    cr.commit()
    print(f"loaded {count - present} items in {time.perf_counter() - started:.0f} s")


def lightly_edit(rng, text):
    """Replace about one character in fifteen, as a writer reworking a copied item would."""
    characters = list(text)
    for _edit in range(len(characters) // 15):
        characters[rng.randrange(len(characters))] = rng.choice("的一是在不了有和人这中大为上个国我以要他")
    return "".join(characters)


def check(env, count, loaded):
    rng = seeded(-1)
    unit = env["zugong.unit"].search([("code", "=", "BENCH")])
    Item = env["zugong.item"].with_context(tracking_disable=True, mail_create_nolog=True)
    stopwatch = Stopwatch()
    flagged_copies = flagged_new = 0
    for number in range(count):
        is_copy = number % 2 == 0
        if is_copy:
            env.cr.execute(
                "SELECT name, body_text FROM zugong_item WHERE name = %s", [f"BENCH-{rng.randrange(loaded)}"]
            )
            name, text = env.cr.fetchone()
            text = lightly_edit(rng, text)
        else:
            name, text = f"NEW-{number}", chinese_text(rng, rng.randint(300, 3000))
        item = Item.create({
            "name": name, "body": f"<p>{text}</p>",
            "unit_line_ids": [(0, 0, {"unit_id": unit.id})],
        })
        env.flush_all()
        with stopwatch.lap():
            item._check_similarity()
            env.flush_all()
        flagged = item.duplicate_state == "flagged"
        flagged_copies += flagged and is_copy
        flagged_new += flagged and not is_copy
    env.cr.rollback()
    return stopwatch.summary(), flagged_copies, flagged_new


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--checks", type=int, default=100)
    parser.add_argument("--workers", type=int, default=multiprocessing.cpu_count())
    args = parser.parse_args()
    with odoo_env() as env:
        load(env, args.items, args.workers)
        summary, flagged_copies, flagged_new = check(env, args.checks, args.items)
    copies = (args.checks + 1) // 2
    print(f"submission check against {args.items} earlier items, {args.checks} checks:")
    print(f"  median {summary['median_ms']} ms, p90 {summary['p90_ms']} ms, worst {summary['worst_ms']} ms"
          f" (goal: median under 50 ms)")
    print(f"  lightly edited copies flagged: {flagged_copies} of {copies}; "
          f"new texts flagged: {flagged_new} of {args.checks - copies}")


if __name__ == "__main__":
    main()
