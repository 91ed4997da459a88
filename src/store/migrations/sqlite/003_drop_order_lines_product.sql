-- No query reads order lines by product (per-product figures come from full scans, and
-- products are never deleted, so foreign-key checks need no child index), yet building this
-- index was a quarter of the CPU of a 1 M-line import: SQLite sorts the 1 M unordered product
-- ids at commit (~1.4 s), or pays a random B-tree insert per line when kept live. Add it back
-- together with the first query that filters order lines by product.
DROP INDEX IF EXISTS order_lines_product;
