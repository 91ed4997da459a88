"""SQL builders for the facts of examples/agents/questions.jsonl (python3 stdlib only).

Used by build_questions.py; every builder returns a list of facts
{"name", "sql", "format"}. Each SQL statement returns one row with one column.

All periods are relative to "today" = the UTC day of the latest order
(date(max(placed_at), 'unixepoch')), so the SQL answers for whatever world it runs on.
A period is a pair of SQL date expressions over t.d (today, 'YYYY-MM-DD'):
start (inclusive) and end (exclusive), both 'YYYY-MM-DD'.
"""

TODAY = "WITH t(d) AS (SELECT date(max(placed_at), 'unixepoch') FROM orders)"
SOLD = "o.status NOT IN ('cancelled', 'returned')"
LINE_REV = "l.quantity * l.unit_price - l.discount"
T = "t.d"
TOMORROW = "date(t.d, '+1 day')"
# start of this calendar quarter
QSTART = ("date(t.d, 'start of month', '-' || ((CAST(strftime('%m', t.d) AS INTEGER) - 1) % 3)"
          " || ' months')")


def _lit(d):
    return "'%s'" % d


def _named_start(month):
    """Start of the latest occurrence of a month (or of a quarter starting that month) that has started."""
    m = "%02d" % month
    return ("date(strftime('%%Y', t.d) || '-%s-01', CASE WHEN CAST(strftime('%%m', t.d) AS INTEGER) >= %d "
            "THEN '+0 years' ELSE '-1 years' END)" % (m, month))


def period(kind, arg=None, year=None):
    """(start, end) date expressions for a named period."""
    if kind == "today":
        return (T, TOMORROW)
    if kind == "yesterday":
        return ("date(t.d, '-1 day')", T)
    if kind == "this_week":
        return ("date(t.d, '-6 days', 'weekday 1')", TOMORROW)
    if kind == "last_week":
        return ("date(t.d, '-6 days', 'weekday 1', '-7 days')", "date(t.d, '-6 days', 'weekday 1')")
    if kind == "week_before_last":
        return ("date(t.d, '-6 days', 'weekday 1', '-14 days')",
                "date(t.d, '-6 days', 'weekday 1', '-7 days')")
    if kind == "this_month":
        return ("date(t.d, 'start of month')", TOMORROW)
    if kind == "months_ago":  # 1 = last month, 2 = the month before ...
        n = arg
        return ("date(t.d, 'start of month', '-%d months')" % n,
                "date(t.d, 'start of month', '-%d months')" % (n - 1) if n > 1 else "date(t.d, 'start of month')")
    if kind == "last_month":
        return period("months_ago", 1)
    if kind == "this_quarter":
        return (QSTART, TOMORROW)
    if kind == "quarters_ago":
        n = arg
        return ("date(%s, '-%d months')" % (QSTART, 3 * n),
                "date(%s, '-%d months')" % (QSTART, 3 * (n - 1)) if n > 1 else QSTART)
    if kind == "last_quarter":
        return period("quarters_ago", 1)
    if kind == "quarter":  # arg = 1..4; year None: latest such quarter that has started
        m0 = 3 * (arg - 1) + 1
        if year is None:
            s = _named_start(m0)
        else:
            s = _lit("%d-%02d-01" % (year, m0))
        return (s, "date(%s, '+3 months')" % s)
    if kind == "month":  # arg = 1..12; year None: latest occurrence that has started
        if year is None:
            s = _named_start(arg)
        else:
            s = _lit("%d-%02d-01" % (year, arg))
        return (s, "date(%s, '+1 month')" % s)
    if kind == "this_year":
        return ("date(t.d, 'start of year')", TOMORROW)
    if kind == "last_year":
        return ("date(t.d, 'start of year', '-1 year')", "date(t.d, 'start of year')")
    if kind == "year":
        return (_lit("%d-01-01" % arg), _lit("%d-01-01" % (arg + 1)))
    if kind == "last_days":  # the N days ending today, today included
        return ("date(t.d, '-%d days')" % (arg - 1), TOMORROW)
    if kind == "days_before_last":  # the N days just before the last N days
        return ("date(t.d, '-%d days')" % (2 * arg - 1), "date(t.d, '-%d days')" % (arg - 1))
    if kind == "half":  # arg = 1 (Jan-Jun) or 2 (Jul-Dec); year None: latest such half that has started
        m0 = 1 if arg == 1 else 7
        s = _named_start(m0) if year is None else _lit("%d-%02d-01" % (year, m0))
        return (s, "date(%s, '+6 months')" % s)
    if kind == "since_month":  # "since the start of november": the 1st of that month (latest started) .. today
        return (_named_start(arg), TOMORROW)
    if kind == "days_ago":  # the one day today - N ("the day before yesterday" = 2)
        return ("date(t.d, '-%d days')" % arg, "date(t.d, '-%d days')" % (arg - 1))
    if kind == "last_weekend":  # the Saturday and Sunday just before this week's Monday
        return ("date(t.d, '-6 days', 'weekday 1', '-2 days')", "date(t.d, '-6 days', 'weekday 1')")
    if kind == "full_months":  # the N complete calendar months before this one
        return ("date(t.d, 'start of month', '-%d months')" % arg, "date(t.d, 'start of month')")
    if kind == "since_date":  # "since black friday (28 nov)": arg = a literal first day .. today
        return (_lit(arg), TOMORROW)
    if kind == "last_weekday":  # arg = 0..6 (0 = Sunday, as strftime %w): the latest such day before today
        s = "date(t.d, '-7 days', 'weekday %d')" % arg
        return (s, "date(%s, '+1 day')" % s)
    if kind == "week_of":  # the Monday-Sunday week containing the literal day arg
        s = "date(%s, '-6 days', 'weekday 1')" % _lit(arg)
        return (s, "date(%s, '+7 days')" % s)
    if kind == "quarters":  # arg = (first, last) quarter, e.g. (1, 3) = "q1-q3"; year None: latest first one started
        m0 = 3 * (arg[0] - 1) + 1
        s = _named_start(m0) if year is None else _lit("%d-%02d-01" % (year, m0))
        return (s, "date(%s, '+%d months')" % (s, 3 * (arg[1] - arg[0] + 1)))
    if kind == "month_span":  # arg = (first month, number of months), e.g. (6, 3) = jun-aug; year = first month's
        s = _named_start(arg[0]) if year is None else _lit("%d-%02d-01" % (year, arg[0]))
        return (s, "date(%s, '+%d months')" % (s, arg[1]))
    if kind == "range":  # arg = (first day, last day) inclusive, literal dates
        return (_lit(arg[0]), "date(%s, '+1 day')" % _lit(arg[1]))
    if kind == "all":
        return ("'1970-01-01'", TOMORROW)
    raise ValueError(kind)


def year_earlier(p):
    return ("date(%s, '-1 year')" % p[0], "date(%s, '-1 year')" % p[1])


def _p(name, p):
    return ("%s(s, e) AS (SELECT CAST(strftime('%%s', %s) AS INTEGER), CAST(strftime('%%s', %s) AS INTEGER) FROM t)"
            % (name, p[0], p[1]))


def _in(name, col="o.placed_at"):
    return "%s >= (SELECT s FROM %s) AND %s < (SELECT e FROM %s)" % (col, name, col, name)


def _with(*named):
    return TODAY + "".join(", " + _p(n, p) for n, p in named)


def fact(name, sql, fmt):
    return {"name": name, "sql": " ".join(sql.split()), "format": fmt}


# ---------------------------------------------------------------- bi

def revenue_sql(p):
    return (_with(("p", p)) + " SELECT round(sum(%s), 2) FROM orders o JOIN order_lines l ON l.order_id = o.id "
            "WHERE %s AND %s" % (LINE_REV, SOLD, _in("p")))


def orders_sql(p):
    return _with(("p", p)) + " SELECT count(*) FROM orders o WHERE %s AND %s" % (SOLD, _in("p"))


def bi_revenue(p):
    return [fact("revenue", revenue_sql(p), "money"), fact("orders", orders_sql(p), "integer")]


def bi_compare(cur, prev):
    rev = "(SELECT sum(%s) FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE %s AND %s)"
    rc, rp = rev % (LINE_REV, SOLD, _in("c")), rev % (LINE_REV, SOLD, _in("q"))
    head = _with(("c", cur), ("q", prev))
    return [
        fact("revenue_current", revenue_sql(cur), "money"),
        fact("revenue_previous", revenue_sql(prev), "money"),
        fact("pct_change", head + " SELECT round((%s - %s) * 100.0 / %s, 1)" % (rc, rp, rp), "percent"),
    ]


def bi_trend(p, months):
    """months: list of labels 'YYYY_MM' of the calendar months in p (computed on the world)."""
    out = []
    for k, label in enumerate(months):
        s = "date(%s, 'start of month', '+%d months')" % (p[0], k)
        e = "min(date(%s, '+1 month'), %s)" % (s, p[1])
        out.append(fact("revenue_" + label, revenue_sql((s, e)), "money"))
    return out


def bi_aov(p):
    head = _with(("p", p))
    return [fact("aov", head + " SELECT round(sum(%s) / count(DISTINCT o.id), 2) FROM orders o "
                 "JOIN order_lines l ON l.order_id = o.id WHERE %s AND %s" % (LINE_REV, SOLD, _in("p")), "money")]


def bi_returns(p):
    head = _with(("p", p))
    return [fact("returned_orders", head + " SELECT count(*) FROM orders o WHERE o.status = 'returned' AND %s"
                 % _in("p"), "integer"),
            fact("cancelled_orders", head + " SELECT count(*) FROM orders o WHERE o.status = 'cancelled' AND %s"
                 % _in("p"), "integer")]


def _top_product_rows(p, category, by):
    val = "sum(%s)" % LINE_REV if by == "revenue" else "sum(l.quantity)"
    cat = " AND pr.category = '%s'" % category if category else ""
    return (_with(("p", p)) + " SELECT pr.name AS name, %s AS v FROM orders o JOIN order_lines l ON l.order_id = o.id "
            "JOIN products pr ON pr.id = l.product_id WHERE %s AND %s%s GROUP BY pr.id "
            "ORDER BY v DESC, pr.name LIMIT 1" % (val, SOLD, _in("p"), cat))


def bi_top_products(p, category=None, by="revenue"):
    rows = _top_product_rows(p, category, by)
    fig = "round(v, 2)" if by == "revenue" else "v"
    return [fact("top_product", "SELECT name FROM (%s)" % rows, "text"),
            fact("top_product_" + ("revenue" if by == "revenue" else "units"),
                 "SELECT %s FROM (%s)" % (fig, rows), "money" if by == "revenue" else "integer")]


def bi_categories(p):
    rows = (_with(("p", p)) + " SELECT pr.category AS name, sum(%s) AS v FROM orders o "
            "JOIN order_lines l ON l.order_id = o.id JOIN products pr ON pr.id = l.product_id "
            "WHERE %s AND %s GROUP BY pr.category ORDER BY v DESC, pr.category LIMIT 1" % (LINE_REV, SOLD, _in("p")))
    return [fact("top_category", "SELECT name FROM (%s)" % rows, "text"),
            fact("top_category_revenue", "SELECT round(v, 2) FROM (%s)" % rows, "money")]


# ---------------------------------------------------------------- inventory

def _on_hand(pid="p.id"):
    return "coalesce((SELECT sum(s.on_hand) FROM stock_levels s WHERE s.product_id = %s), 0)" % pid


def inventory_reorder(category=None):
    cat = " AND p.category = '%s'" % category if category else ""
    return [fact("out_of_stock_products", "SELECT count(*) FROM products p WHERE p.active = 1 AND %s <= 0%s"
                 % (_on_hand(), cat), "integer")]


def _pid(sku):
    return "(SELECT id FROM products WHERE sku = '%s')" % sku


def inventory_stock(sku):
    return [fact("on_hand", "SELECT %s" % _on_hand(_pid(sku)), "integer")]


def units_sql(sku_or_pid_expr, p):
    return (_with(("p", p)) + " SELECT coalesce(sum(l.quantity), 0) FROM orders o JOIN order_lines l "
            "ON l.order_id = o.id WHERE %s AND %s AND l.product_id = %s" % (SOLD, _in("p"), sku_or_pid_expr))


def inventory_forecast(sku):
    return [fact("units_sold_last_28_days", units_sql(_pid(sku), period("last_days", 28)), "integer")]


def inventory_pricing(sku):
    return [fact("price", "SELECT round(price, 2) FROM products WHERE sku = '%s'" % sku, "money"),
            fact("cost", "SELECT round(cost, 2) FROM products WHERE sku = '%s'" % sku, "money"),
            fact("units_sold_last_90_days", units_sql(_pid(sku), period("last_days", 90)), "integer")]


def quarter_of_last_year(q):
    """Calendar quarter q of the previous calendar year (the year before today's)."""
    s = "date(strftime('%%Y', t.d) || '-%02d-01', '-1 year')" % (3 * (q - 1) + 1)
    return (s, "date(%s, '+3 months')" % s)


def inventory_report(q):
    p = quarter_of_last_year(q)
    return [
        fact("inventory_value_at_cost", "SELECT round(sum(%s * p.cost), 2) FROM products p WHERE p.active = 1"
             % _on_hand(), "money"),
        fact("active_products", "SELECT count(*) FROM products WHERE active = 1", "integer"),
        fact("units_sold_q%d_last_year" % q, _with(("p", p)) + " SELECT coalesce(sum(l.quantity), 0) FROM orders o "
             "JOIN order_lines l ON l.order_id = o.id WHERE %s AND %s" % (SOLD, _in("p")), "integer"),
    ]


def inventory_supplier(sku):
    return [fact("supplier", "SELECT s.name FROM products p JOIN suppliers s ON s.id = p.supplier_id "
                 "WHERE p.sku = '%s'" % sku, "text")]


# ---------------------------------------------------------------- customer

def customer_churn():
    prev = period("days_before_last", 90)
    last = period("last_days", 90)
    return [fact("customers_at_risk", _with(("a", prev), ("b", last)) +
                 " SELECT count(DISTINCT o.customer_id) FROM orders o WHERE %s AND %s AND o.customer_id NOT IN "
                 "(SELECT o.customer_id FROM orders o WHERE %s AND %s AND o.customer_id IS NOT NULL)"
                 % (SOLD, _in("a"), SOLD, _in("b")), "integer")]


def _best_rows(p):
    return (_with(("p", p)) + " SELECT c.id AS id, c.name AS name, sum(%s) AS v FROM orders o "
            "JOIN order_lines l ON l.order_id = o.id JOIN customers c ON c.id = o.customer_id "
            "WHERE %s AND %s GROUP BY c.id ORDER BY v DESC, c.id LIMIT 1" % (LINE_REV, SOLD, _in("p")))


def customer_best(p=None):
    rows = _best_rows(p or period("all"))
    return [fact("top_customer", "SELECT name FROM (%s)" % rows, "text"),
            fact("top_customer_revenue", "SELECT round(v, 2) FROM (%s)" % rows, "money")]


def customer_segments():
    return [fact("customers_with_orders", "SELECT count(DISTINCT o.customer_id) FROM orders o WHERE %s" % SOLD,
                 "integer")]


def _cid(ext):
    return "(SELECT id FROM customers WHERE external_id = '%s')" % ext


def customer_orders_sql(cid_expr):
    return "SELECT count(*) FROM orders o WHERE %s AND o.customer_id = %s" % (SOLD, cid_expr)


def customer_profile(ext):
    cid = _cid(ext)
    return [fact("orders", customer_orders_sql(cid), "integer"),
            fact("revenue", "SELECT round(coalesce(sum(%s), 0), 2) FROM orders o JOIN order_lines l "
                 "ON l.order_id = o.id WHERE %s AND o.customer_id = %s" % (LINE_REV, SOLD, cid), "money"),
            fact("last_order_date", "SELECT date(max(o.placed_at), 'unixepoch') FROM orders o WHERE %s "
                 "AND o.customer_id = %s" % (SOLD, cid), "date")]


def customer_recommend(ext):
    return [fact("orders", customer_orders_sql(_cid(ext)), "integer")]


def customer_recommend_top(p=None):
    """Order count of the top customer by revenue in p (for follow-ups like 'what should I offer them?')."""
    rows = _best_rows(p or period("all"))
    return [fact("orders", "SELECT count(*) FROM orders o WHERE %s AND o.customer_id = (SELECT id FROM (%s))"
                 % (SOLD, rows), "integer")]


# ---------------------------------------------------------------- operations

def _lead(sid):
    return ("SELECT round(avg((po.received_at - po.created_at) / 86400.0), 1) FROM purchase_orders po "
            "WHERE po.status = 'received' AND po.received_at IS NOT NULL AND po.supplier_id = %d" % sid)


def _fill(sid):
    return ("SELECT round(sum(pl.received_quantity) * 100.0 / sum(pl.quantity), 1) FROM purchase_orders po "
            "JOIN purchase_order_lines pl ON pl.purchase_order_id = po.id WHERE po.status = 'received' "
            "AND po.supplier_id = %d" % sid)


def operations_suppliers(ids):
    out = []
    for sid in ids:
        out.append(fact("lead_time_days_supplier_%d" % sid, _lead(sid), "number"))
        out.append(fact("fill_rate_supplier_%d" % sid, _fill(sid), "percent"))
    return out


def operations_fulfilment(p):
    return [fact("mean_fulfilment_days", _with(("p", p)) +
                 " SELECT round(avg((o.fulfilled_at - o.placed_at) / 86400.0), 1) FROM orders o "
                 "WHERE o.fulfilled_at IS NOT NULL AND %s" % _in("p"), "number")]


def operations_purchase_orders(statuses):
    return [fact("purchase_orders_" + st, "SELECT count(*) FROM purchase_orders WHERE status = '%s'" % st, "integer")
            for st in statuses]


def operations_anomalies(p):
    return [fact("orders_checked", orders_sql(p), "integer")]


def inventory_supplier_of_top(p, category=None, by="revenue"):
    """Supplier of the top product of bi_top_products(p, category, by) (for follow-ups like 'who supplies it?')."""
    rows = _top_product_rows(p, category, by)
    return [fact("supplier", "SELECT s.name FROM products pr JOIN suppliers s ON s.id = pr.supplier_id "
                 "WHERE pr.name = (SELECT name FROM (%s))" % rows, "text")]


def inventory_stock_of_top(p, category=None, by="revenue"):
    """On-hand units of the top product of bi_top_products(p, category, by)."""
    rows = _top_product_rows(p, category, by)
    return [fact("on_hand", "SELECT %s" % _on_hand("(SELECT pr.id FROM products pr WHERE pr.name = "
                                                       "(SELECT name FROM (%s)))" % rows), "integer")]
