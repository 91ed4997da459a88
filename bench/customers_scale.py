"""A transaction file with N customers for the scale check (bench/customers_scale.sh).

    customers_scale.py N OUT.csv [SEED]

Each customer follows the BG/NBD story: a purchase rate drawn from Gamma(r=0.8, alpha=20 days),
a drop-out chance after each purchase from Beta(a=1, b=4), a first purchase uniform over the
first 500 of 730 days from 2023-01-01, amounts from a Gamma(2, 25); several a day count once.
"""
import sys
import datetime as dt

import numpy as np


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = np.random.default_rng(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    start, span = dt.date(2023, 1, 1), 730
    rate = rng.gamma(0.8, 1 / 20.0, n)  # purchases a day
    drop = rng.beta(1, 4, n)
    first = rng.integers(0, 500, n)
    rows = 0
    with open(out, "w") as f:
        f.write("customer_id,date,amount\n")
        for c in range(n):
            day = float(first[c])
            while day < span:
                f.write(f"C{c},{start + dt.timedelta(days=int(day))},{rng.gamma(2, 25):.2f}\n")
                rows += 1
                if rng.random() < drop[c]:
                    break
                day += rng.exponential(1 / rate[c])
    print(f"{n} customers, {rows} purchases -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
