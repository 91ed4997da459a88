#!/usr/bin/env python3
"""Writes questions_fresh.jsonl: a fresh, blind evaluation split ("fresh", ids f001..).

Each question comes with its document and the exact passage that answers it. The questions were
written without looking at the retrieval code or any results. They cover the documents added for
this set (the Verde Garden supply contract PDF, the 2024 and 2025 delivery charges notices, the
Harbor Ceramics terms, the click-and-collect SOP, the gift card page) and the earlier documents.

Checks, any failure stops the script:
  * every answer passage occurs exactly once in its document's text (for the PDF, in its
    plain-text source corpus_tools/*.pdf.txt, lines joined with spaces and table rows read left
    to right with cells separated by single spaces);
  * no question is close to an earlier question (questions.jsonl, store_questions.jsonl) or to
    another fresh question: same first four words, or the same set of content words.
Run from any folder: python3 make_fresh_questions.py
"""
import csv
import html
import importlib.util
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "corpus"
TOOLS = HERE.parent / "corpus_tools"

PDF = "contracts/verde-garden-supply-contract.pdf"
D24 = "notices/delivery-charges-2024.md"
D25 = "notices/delivery-charges-2025.md"
HAR = "contracts/harbor-ceramics-terms.md"
CNC = "sops/click-and-collect.md"
GFT = "policies/gift-cards.html"

# (kind, doc, question, answer). kind: pdf-text, pdf-table, near-dup, new-doc, existing.
Q = [
  # --- the Verde Garden supply contract (PDF): clauses --------------------------------------
  ("pdf-text", PDF, "If nobody renews it, when does our Verde Garden deal run out?", "runs for an initial term of three years, until 31 January 2028"),
  ("pdf-text", PDF, "I email a Verde order at 11 in the morning Dutch time; will they confirm it today?", "Orders received before 12 noon Central European Time on a working day are confirmed on the same day"),
  ("pdf-text", PDF, "Until when can we amend or drop a line on a garden supplier order without paying?", "The Buyer may change or cancel an order line free of charge up to five working days before the confirmed dispatch date."),
  ("pdf-text", PDF, "By what date do we have to commit to the spring pre-order with Verde?", "the Buyer places a pre-order by 15 November of the previous year, and 60 percent of each pre-order line is binding"),
  ("pdf-text", PDF, "How much stock does Verde keep aside for us during the garden peak?", "The Supplier reserves warehouse stock equal to 120 percent of the Buyer's weekly forecast for every pre-ordered line until 30 June."),
  ("pdf-text", PDF, "Do planter lead times get longer in spring if we buy more than was reserved?", "the lead times in Table 1 are extended by seven days for any quantity above the reserved stock"),
  ("pdf-text", PDF, "Can we drop a Verde product if next year's list makes it much dearer?", "If the new list raises the price of a product line by more than 5 percent, the Buyer may delist that line without penalty"),
  ("pdf-text", PDF, "Is Verde allowed to bill extra for gas costs on terracotta?", "An energy surcharge may be added to fired terracotta and glazed products only when the Dutch TTF gas price averages above 60 euros per megawatt hour for a full calendar quarter."),
  ("pdf-text", PDF, "When does the yearly volume rebate from Verde get paid out?", "The rebate is paid as a credit note by 31 March of the following year."),
  ("pdf-text", PDF, "How tall and how heavy may a pallet from the Boskoop supplier be?", "Pallets must not exceed 1.8 metres in height or 750 kilograms"),
  ("pdf-text", PDF, "Is there an annual ceiling on the late penalties Verde pays?", "Penalties under this clause are capped at 25,000 euros per calendar year."),
  ("pdf-text", PDF, "How fast do we need to settle a Verde bill to get money off?", "The Buyer may deduct a prompt-payment discount of 1.5 percent when it pays within 8 days of the invoice date."),
  ("pdf-text", PDF, "Which frost test must a pot sold as frost proof have passed?", "Every planter sold as frost resistant must pass the EN 539-2 frost test"),
  ("pdf-text", PDF, "How late can we still complain about hidden faults in garden goods from the Dutch supplier?", "The Buyer reports visible defects within 10 working days of delivery and hidden defects within 6 months."),
  ("pdf-text", PDF, "Do we ship smashed pots back to Verde?", "Broken planters are not returned; the Buyer disposes of them."),
  ("pdf-text", PDF, "What share of delivered terracotta can arrive broken before Verde credits us?", "A breakage allowance of 1 percent of the delivered units per order applies to terracotta and glazed planters."),
  ("pdf-text", PDF, "What's the deadline for sending leftover pots back to Verde after summer?", "After each peak season the Buyer may return unsold planters and watering cans up to 8 percent of the season's order value, in original packaging, by 31 August."),
  ("pdf-text", PDF, "What does Verde deduct when we hand back unsold garden stock?", "The Supplier charges a handling fee of 7 percent of the value of the returned stock"),
  ("pdf-text", PDF, "What wood certification do the raised beds need?", "Timber in raised bed kits must be FSC or PEFC certified"),
  ("pdf-text", PDF, "How much product liability cover must Verde carry?", "The Supplier holds product liability insurance of at least 5 million euros per claim"),
  # --- the Verde Garden supply contract (PDF): table rows -----------------------------------
  ("pdf-table", PDF, "How quickly do glazed pots arrive from Verde, and how many must we buy at once?", "Glazed ceramic planters 25 days 36 units 4 per carton"),
  ("pdf-table", PDF, "Minimum quantity of trowels and other small garden tools on one Verde PO line?", "Hand tools 14 days 60 units 12 per carton"),
  ("pdf-table", PDF, "Spades and rakes from Verde: how are they packed and how long do they take?", "Long-handled tools 14 days 40 units 10 per bundle"),
  ("pdf-table", PDF, "How long do raised bed kits take to reach Leeds from the Netherlands?", "Raised bed kits 30 days 20 units 1 per carton"),
  ("pdf-table", PDF, "Ordering terracotta pots from Verde: lead time and carton size?", "Terracotta planters 18 days 48 units 6 per carton"),
  ("pdf-table", PDF, "What rebate do we earn if we spend 350,000 euros with Verde in a year?", "Tier 3 300,000 to 499,999 euros 2.5 percent Credit note"),
  ("pdf-table", PDF, "Is there any rebate when our yearly garden spend stays under 150k?", "Tier 1 Up to 149,999 euros No rebate Not applicable"),
  ("pdf-table", PDF, "Which percentage comes back on 200,000 euros of annual Verde purchases?", "Tier 2 150,000 to 299,999 euros 1.5 percent Credit note"),
  ("pdf-table", PDF, "Verde turns up ten working days late: what penalty, and can we turn the goods away?", "8 to 14 working days 5 percent of late goods Refuse the late lines"),
  ("pdf-table", PDF, "Verde is more than three weeks behind; may we scrap the entire order?", "Over 21 working days 10 percent of late goods Cancel the whole order"),
  ("pdf-table", PDF, "Do we get compensation when garden stock turns up two working days late?", "1 to 3 working days No penalty Accept the goods only"),
  # --- near-duplicates: delivery charges 2024 vs 2025 ---------------------------------------
  ("near-dup", D24, "Back in 2024, what did standard shipping cost and from what basket value was it free?", "Standard delivery takes three to five working days and costs 3.95 pounds per order. Orders of 60 pounds or more after discounts ship free."),
  ("near-dup", D24, "In 2024, what was the cut-off for ordering next-day delivery?", "Next-day delivery costs 7.95 pounds for orders placed before 1 pm on a working day."),
  ("near-dup", D24, "Under the 2024 charges, by when did Saturday delivery have to be ordered?", "Saturday delivery costs 11.95 pounds and must be ordered by 1 pm on Thursday."),
  ("near-dup", D24, "How many old pieces of furniture did we take away per delivery under the 2024 notice?", "Taking away an old item of furniture costs 20 pounds per item, up to three items per delivery."),
  ("near-dup", D24, "What surcharge did parcels to the Highlands carry in 2024?", "parcels carry a surcharge of 4.50 pounds and large items cost 69 pounds per order"),
  ("near-dup", D24, "What was the price of a change-of-mind returns label in 2024?", "A prepaid returns label for a change of mind costs 4.95 pounds, deducted from the refund."),
  ("near-dup", D25, "What does Saturday delivery cost now, under the 2025 notice?", "Saturday delivery costs 14.95 pounds and must be ordered by 2 pm on Friday."),
  ("near-dup", D25, "Since March 2025, what do we charge to haul away a customer's old sofa?", "Taking away an old item of furniture costs 30 pounds per item, up to two items per delivery."),
  ("near-dup", D25, "What is the current parcel surcharge for the Scottish islands?", "parcels carry a surcharge of 6.50 pounds and large items cost 79 pounds per order"),
  ("near-dup", D25, "Is click and collect free under the current 2025 charges?", "Collection from the Leeds showroom is free for orders of 15 pounds or more; smaller orders pay 1.95 pounds."),
  ("near-dup", D25, "From what date does the 2025 delivery charges notice apply?", "Effective from 3 March 2025 until replaced; it replaces the Delivery Charges Notice 2024."),
  ("near-dup", D25, "Today, what spend gets a trade customer free two-person delivery?", "free two-person delivery on orders of 1,500 pounds or more"),
  ("near-dup", D25, "Which basket value qualifies for free standard shipping under the 2025 notice?", "Orders over 75 pounds after discounts ship free."),
  # --- near-duplicates: Harbor Ceramics terms vs Lumen Lighting terms -----------------------
  ("near-dup", HAR, "What credit do we get when Harbor Ceramics delivers late?", "A delivery more than 7 days after the confirmed date gives the Buyer a credit of 4 percent of the delayed goods' value."),
  ("near-dup", HAR, "Christmas glaze range from Harbor: what is the last date to order it?", "Items in the \"seasonal glaze\" collection have a lead time of 50 days and must be ordered by 30 June"),
  ("near-dup", HAR, "Above what order value is freight free from the Portuguese stoneware maker?", "Orders above 4,000 euros ship free of charge."),
  ("near-dup", HAR, "How many Harbor late deliveries in a quarter lead to reviewing the terms?", "Repeated late delivery (two times in a quarter) is a reason to review the agreement."),
  ("near-dup", HAR, "Which test reports does Harbor owe us for a new glaze?", "Harbor provides lead and cadmium migration test reports for each glaze before the first order of a new product."),
  ("near-dup", HAR, "What handling charge applies when we send unsold stoneware back to Harbor?", "Harbor charges a handling fee of 8 percent on returned stock."),
  ("near-dup", HAR, "How much unsold Harbor tableware can go back, and by what date?", "The Buyer may return unsold seasonal glaze stock up to 5 percent of the season's order value, in original packaging, by 31 March."),
  # --- other new documents: click-and-collect SOP --------------------------------------------
  ("new-doc", CNC, "Can a customer pick up a 40 kg garden table at the showroom?", "Any web order can be collected except made-to-order furniture and single items heavier than 30 kilograms"),
  ("new-doc", CNC, "At what times does OIIS send collection orders to the warehouse for picking?", "OIIS releases collection orders to the distribution centre in two waves, at 12 noon and 6 pm."),
  ("new-doc", CNC, "When does the shuttle van to the showroom set off?", "Picked orders travel to the showroom on the shuttle van that leaves the distribution centre at 7 am each working day."),
  ("new-doc", CNC, "What must a shopper show at the desk to pick up their order?", "The customer gives the collection code and shows photo ID or the payment card used for the order."),
  ("new-doc", CNC, "My neighbour is fetching my order for me; what do they bring?", "Someone collecting for the customer needs the code and the order confirmation email; they do not need the card."),
  ("new-doc", CNC, "Is the collection desk open on Sundays?", "Collection desk hours are 10 am to 6 pm Monday to Saturday and 11 am to 4 pm on Sunday."),
  ("new-doc", CNC, "A collect order is never picked up; what then?", "On day 11 the order is cancelled, the goods are returned to sellable stock, and the customer is refunded in full less any collection charge."),
  ("new-doc", CNC, "What do staff offer when a collection parcel turns out to be damaged at handover?", "the colleague offers a replacement from showroom stock when it is available, otherwise a home delivery free of charge"),
  # --- other new documents: gift card page ---------------------------------------------------
  ("new-doc", GFT, "What's the largest amount a gift card can be loaded with?", "Gift cards are sold in any amount from 10 pounds to 500 pounds, in whole pounds."),
  ("new-doc", GFT, "How long before an Oakridge gift card expires?", "A gift card is valid for 24 months from the date it is issued."),
  ("new-doc", GFT, "A customer's voucher ran out last week; can it be extended?", "customer service may extend a card once by three months if the customer asks within 30 days after it expired"),
  ("new-doc", GFT, "How many gift cards can be put against one order?", "Up to five gift cards can be used on one order"),
  ("new-doc", GFT, "Will we replace a gift card someone has lost?", "A lost card is replaced only if the customer has the original order number or receipt."),
  ("new-doc", GFT, "What discount do companies get when buying gift cards in bulk?", "Businesses ordering gift cards worth 1,000 pounds or more in one order receive a 5 percent discount"),
  ("new-doc", GFT, "Which gift card orders get held for a manual check?", "An order containing gift cards worth more than 300 pounds, or more than three cards, is held for a manual check by the payments team before dispatch."),
  ("new-doc", GFT, "Can someone cancel an e-gift card they haven't used yet?", "An unused gift card bought online can be cancelled for a full refund within 14 days of purchase."),
  # --- existing documents, facts and wordings the earlier sets did not use -------------------
  ("existing", "sops/receiving.md", "Which loading bays handle palletised deliveries?", "Dock doors 1 to 4 take palletised freight."),
  ("existing", "sops/receiving.md", "Who is allowed to book in aerosols and cleaning chemicals?", "Aerosols, lithium batteries and cleaning chemicals are received by a clerk trained in dangerous goods handling."),
  ("existing", "sops/receiving.md", "How fast must chilled stock be shelved once the lorry is opened?", "Chilled and frozen goods are put away within 30 minutes of the trailer being opened."),
  ("existing", "sops/returns.md", "If a returned item was faulty from the factory, do we log it against the supplier?", "Items graded C because of a manufacturing fault are recorded against the supplier for a claim."),
  ("existing", "sops/returns.md", "Do we charge a restocking fee on an unused rug sent back in perfect condition?", "No restocking fee is charged on furniture, textiles or kitchenware returned in Grade A condition."),
  ("existing", "policies/pricing-policy.md", "Should a 120-pound lamp be priced at 119.99?", "Prices end in .99 for items under 100 pounds and in .00 for items of 100 pounds or more."),
  ("existing", "policies/pricing-policy.md", "How many times a year may one product go on offer?", "The same product may not be promoted more than four times a year."),
  ("existing", "policies/pricing-policy.md", "Extra discount for a trade order of 80 identical units?", "Orders of more than 50 units of one product get an additional 5 percent"),
  ("existing", "policies/pricing-policy.md", "What minimum gross margin must lighting products make?", "| Lighting | 2.2 | 42% |"),
  ("existing", "contracts/nordwood-furniture-supply-agreement.txt", "After we order, how soon does the Swedish furniture maker confirm a delivery date?", "The Supplier confirms each order and its delivery date within three working days."),
  ("existing", "contracts/nordwood-furniture-supply-agreement.txt", "What size of price rise lets us drop Nordwood product lines?", "an increase above 6 percent allows the Buyer to terminate the affected product lines"),
  ("existing", "contracts/nordwood-furniture-supply-agreement.txt", "When each month does Nordwood get our demand outlook, and how far ahead does it look?", "The Buyer shares a rolling six-month demand forecast from OIIS on the first working day of each month."),
  ("existing", "sops/cycle-counting.md", "How often does the inventory controller report stock losses?", "The inventory controller reports shrinkage monthly as the value of negative adjustments as a share of sales."),
  ("existing", "care/teak-garden-bench.html", "How do I stop my teak bench's feet sitting in wet grass?", "Lift the feet off wet ground with rubber pads."),
  ("existing", "care/cast-iron-pan-care.html", "What should I stir with in an enamelled casserole?", "Use wooden or silicone utensils to protect the enamel"),
]

STOP = set("""a an the and or of to in on at for from by with without is are was were be been being do does did
done i we you they it its our us my me your their this that these those what which who whom whose when where
why how can could may might must should shall will would if then than there here as into up out about any
all each every some no not so too very just only also get gets got has have had still s""".split())


def words(question):
    return re.findall(r"[a-z0-9]+(?:[.,'][a-z0-9]+)*", question.lower().replace("\u2019", "'"))


def close(q1, q2):
    w1, w2 = words(q1), words(q2)
    if len(w1) >= 4 and w1[:4] == w2[:4]:
        return "same first four words"
    c1, c2 = {w for w in w1 if w not in STOP}, {w for w in w2 if w not in STOP}
    if c1 == c2:
        return "same content words"
    return None


def load_pdf_tools():
    spec = importlib.util.spec_from_file_location("make_pdf", TOOLS / "make_pdf.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def loaded_text(path):
    if path.suffix == ".pdf":
        source = TOOLS / (path.name + ".txt")
        return load_pdf_tools().plain_text(source.read_text(encoding="ascii"))
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        text = re.sub(r"<(script|style|head)\b[^>]*>.*?</\1>", " ", text, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    if path.suffix == ".csv":
        rows = list(csv.reader(text.splitlines()))
        text = "\n\n".join("; ".join(f"{h}: {v}" for h, v in zip(rows[0], r) if v.strip()) for r in rows[1:])
    return " ".join(text.split())


def earlier_questions():
    out = []
    for name in ("questions.jsonl", "store_questions.jsonl"):
        p = HERE / name
        if p.exists():
            out += [json.loads(line)["question"] for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def main():
    earlier = earlier_questions()
    errors, out, seen = [], [], []
    for n, (kind, doc, question, answer) in enumerate(Q, start=1):
        qid = f"f{n:03d}"
        text = loaded_text(CORPUS / doc)
        passage = " ".join(answer.split())
        if text.count(passage) != 1:
            errors.append(f"{qid}: answer found {text.count(passage)} times in {doc}: {answer}")
        for other in earlier + seen:
            why = close(question, other)
            if why:
                errors.append(f"{qid}: {why} as an earlier question: {question!r} ~ {other!r}")
        seen.append(question)
        out.append({"id": qid, "question": question, "doc": doc, "answer": answer, "split": "fresh"})
    if errors:
        sys.exit("\n".join(errors))
    with open(HERE / "questions_fresh.jsonl", "w", encoding="utf-8") as f:
        for q in out:
            f.write(json.dumps(q, ensure_ascii=False) + "\n")
    counts = {}
    for kind, *_ in Q:
        counts[kind] = counts.get(kind, 0) + 1
    print(f"{len(out)} fresh questions: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
