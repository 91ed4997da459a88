#!/usr/bin/env python3
"""Writes questions.jsonl: each question with the document and the exact passage that answers it.

The split is fixed here, before any tuning: every question whose number is odd is in the
validation part (fusion method, weights and chunk size are chosen on it), every even one is
held out (the test part, scored once after the choices were frozen). Run from this folder.
"""
import html
import json
import re
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

Q = [
  # sops/receiving.md
  ("sops/receiving.md", "How far ahead must a supplier book an unloading slot?", "Suppliers book slots through the carrier portal at least 48 hours before arrival."),
  ("sops/receiving.md", "How long is a dock appointment for a van?", "Slots are 60 minutes for a full trailer and 30 minutes for a van or parcel drop."),
  ("sops/receiving.md", "What happens when a haulier turns up very late for its slot?", "A carrier that arrives more than two hours late loses its slot"),
  ("sops/receiving.md", "Which door should refrigerated deliveries use?", "Door 5 is reserved for chilled goods and door 6 for parcels and courier drops."),
  ("sops/receiving.md", "What do we do with a delivery that has no PO number?", "A delivery without a valid purchase order number is held in the quarantine bay"),
  ("sops/receiving.md", "What if the trailer seal is broken?", "A broken or mismatched seal is photographed and the delivery is received under protest."),
  ("sops/receiving.md", "When is an entire pallet rejected for damage?", "If more than ten percent of the cartons on a pallet are damaged, the whole pallet is refused"),
  ("sops/receiving.md", "How many cartons of expensive items get opened and checked?", "the clerk opens one carton in twenty and checks the contents"),
  ("sops/receiving.md", "What count variance is accepted without asking the buyer?", "Shortages and overages of up to two percent are accepted and booked as received."),
  ("sops/receiving.md", "What happens to items that arrive but were never ordered?", "They are labelled with a red return tag and held in the quarantine bay for collection by the supplier"),
  ("sops/receiving.md", "What is the maximum temperature for accepting chilled cartons?", "Anything above 5 degrees Celsius is rejected"),
  ("sops/receiving.md", "How cold must frozen food be on arrival?", "Frozen goods must read minus 18 degrees Celsius or colder."),
  ("sops/receiving.md", "Where are lithium batteries stored after receipt?", "They are stored in the caged hazardous area, never in general racking."),
  ("sops/receiving.md", "Within how many hours must received goods be put away?", "Goods are shelved within four hours of receipt."),
  ("sops/receiving.md", "Can a very heavy pallet be placed on a high rack level?", "no pallet above 800 kilograms goes higher than the first beam level"),
  ("sops/receiving.md", "When does received stock become available for sale?", "Stock is not available to sell until the put-away scan is complete."),
  ("sops/receiving.md", "How long do we keep paper delivery notes?", "Paper copies are kept for 90 days and then shredded."),
  # sops/returns.md
  ("sops/returns.md", "How many days does a customer have to send back an unused item?", "Customers may return unused items within 30 days of delivery for a full refund."),
  ("sops/returns.md", "Until when can Christmas purchases be returned?", "can be returned until 31 January of the following year"),
  ("sops/returns.md", "Can personalised products be sent back?", "Made-to-order furniture, cut fabric sold by the metre and personalised items cannot be returned unless they are faulty."),
  ("sops/returns.md", "When does a return authorisation number expire?", "An RMA expires 14 days after it is issued if the goods have not arrived."),
  ("sops/returns.md", "What reason codes exist for a return?", "Reason codes are: changed mind, wrong item sent, arrived damaged, faulty, late delivery, and other."),
  ("sops/returns.md", "Who pays postage when a customer simply changed their mind?", "For a change of mind, the customer pays the return shipping"),
  ("sops/returns.md", "How much is deducted for using our prepaid returns label?", "a flat fee of 6.95 pounds is deducted if the customer uses our prepaid label"),
  ("sops/returns.md", "How are heavy returned items over 30 kg picked up?", "Large items over 30 kilograms are collected by our two-person courier"),
  ("sops/returns.md", "How quickly are returned goods inspected?", "Returned goods are inspected within two working days of arrival."),
  ("sops/returns.md", "What is an open-box item and how is it priced?", "Sold as open-box at 15 percent off."),
  ("sops/returns.md", "What happens to used or incomplete returns?", "Grade C: used, marked or incomplete. Sent to the outlet channel or written off."),
  ("sops/returns.md", "How long does a refund take after inspection?", "Refunds are issued to the original payment method within five working days of the inspection."),
  ("sops/returns.md", "How are purchases paid with a gift card refunded?", "Gift card purchases are refunded as store credit."),
  ("sops/returns.md", "Is the delivery charge refunded on a partial return?", "The original delivery charge is refunded only when the whole order is returned or the return is our fault."),
  ("sops/returns.md", "What restocking fee applies to opened electronics?", "Opened electronics carry a restocking fee of fifteen percent unless they are faulty."),
  ("sops/returns.md", "On which day do faulty goods go back to suppliers?", "Supplier returns are shipped in weekly consolidated loads on Thursdays"),
  ("sops/returns.md", "What happens when a supplier credit note has not arrived after two months?", "an unmatched return older than 60 days is escalated to the category manager"),
  # policies/pricing-policy.md
  ("policies/pricing-policy.md", "How is the first selling price of a new product worked out?", "The initial retail price is the landed cost multiplied by the category's target markup."),
  ("policies/pricing-policy.md", "What costs are included in landed cost?", "Landed cost includes the purchase price, freight, duty and the warehouse handling charge."),
  ("policies/pricing-policy.md", "What markup and minimum margin apply to textiles?", "| Textiles | 2.6 | 50% |"),
  ("policies/pricing-policy.md", "What is the target markup for kitchenware?", "| Kitchenware | 2.0 | 38% |"),
  ("policies/pricing-policy.md", "How should prices end for cheap items?", "Prices end in .99 for items under 100 pounds"),
  ("policies/pricing-policy.md", "What reasons can be given for changing a price?", "A price change is entered in OIIS with a reason: cost change, competitor, clearance, promotion or error correction."),
  ("policies/pricing-policy.md", "How often can a cost increase be passed on to the retail price?", "Price increases caused by supplier cost changes are applied at most once per quarter per product"),
  ("policies/pricing-policy.md", "Who must sign off a markdown of 50 percent?", "A markdown deeper than forty percent needs the finance director's approval as well."),
  ("policies/pricing-policy.md", "Can we ever sell below landed cost?", "No product may be sold below its landed cost except for Grade C returns and discontinued lines"),
  ("policies/pricing-policy.md", "How often do we check competitors' prices and for which products?", "Competitor prices are checked weekly for the top 200 products by revenue."),
  ("policies/pricing-policy.md", "When is a price reviewed because a rival is cheaper?", "undercuts us by more than 10 percent on an identical product for two consecutive weeks"),
  ("policies/pricing-policy.md", "Do we price match Amazon marketplace sellers?", "We do not match marketplace sellers, auction prices, or prices that include a membership discount."),
  ("policies/pricing-policy.md", "What is the longest a promotion can last?", "Promotions run for at most 21 days."),
  ("policies/pricing-policy.md", "How long must a regular price be charged before a sale so the was-price is genuine?", "Promotional prices must have been offered at the regular price for at least 28 days before the promotion"),
  ("policies/pricing-policy.md", "Can a customer combine two discounts?", "Promotions do not stack: a customer gets the single best applicable discount."),
  ("policies/pricing-policy.md", "What discount do trade account customers receive?", "Trade customers with an approved account get 10 percent off list prices."),
  ("policies/pricing-policy.md", "How are very large trade orders of hundreds of units priced?", "orders above 200 units are quoted individually by the trade sales team"),
  ("policies/pricing-policy.md", "What can we do if a sofa was listed at a mistaken price?", "we may cancel the order before dispatch and must tell the customer within 24 hours"),
  # contracts/nordwood-furniture-supply-agreement.txt
  ("contracts/nordwood-furniture-supply-agreement.txt", "When did the Nordwood agreement start and how long does it run?", "Effective 1 March 2024 for an initial term of two years."),
  ("contracts/nordwood-furniture-supply-agreement.txt", "Which products does Nordwood supply to us?", "The Supplier supplies solid oak and birch dining furniture: tables, chairs, benches and sideboards"),
  ("contracts/nordwood-furniture-supply-agreement.txt", "What is the minimum order quantity for Nordwood chairs?", "The minimum order quantity is 20 units per product line, or one full pallet for sideboards."),
  ("contracts/nordwood-furniture-supply-agreement.txt", "Is there a charge for ordering below Nordwood's minimum?", "Orders below the minimum carry a small-order surcharge of 75 euros."),
  ("contracts/nordwood-furniture-supply-agreement.txt", "What is Nordwood's lead time for stocked designs?", "The Supplier delivers within 42 calendar days of the purchase order date for stocked designs"),
  ("contracts/nordwood-furniture-supply-agreement.txt", "How long do made-to-order finishes take from the Swedish furniture supplier?", "within 70 calendar days for made-to-order finishes"),
  ("contracts/nordwood-furniture-supply-agreement.txt", "Under which Incoterms does Nordwood deliver?", "Goods are delivered DAP to the Buyer's Leeds distribution centre (Incoterms 2020)."),
  ("contracts/nordwood-furniture-supply-agreement.txt", "What penalty can we claim when Nordwood delivers late?", "a penalty of 1 percent of the order value for each further week of delay, up to a maximum of 8 percent"),
  ("contracts/nordwood-furniture-supply-agreement.txt", "After how long a delay can we cancel a Nordwood order?", "After 30 days of delay the Buyer may cancel the undelivered part of the order without cost."),
  ("contracts/nordwood-furniture-supply-agreement.txt", "How much notice must Nordwood give for a price increase?", "the Supplier may change prices once a year with 90 days' written notice"),
  ("contracts/nordwood-furniture-supply-agreement.txt", "What are the payment terms with Nordwood Furniture?", "Payment is due 45 days from the date of the invoice."),
  ("contracts/nordwood-furniture-supply-agreement.txt", "Is there an early payment discount in the furniture supply agreement?", "A 2 percent early-payment discount applies if the Buyer pays within 10 days."),
  ("contracts/nordwood-furniture-supply-agreement.txt", "Which standards must Nordwood tables and chairs meet?", "All products must meet EN 12520 for seating strength and EN 12521 for tables."),
  ("contracts/nordwood-furniture-supply-agreement.txt", "How long do we have to report hidden defects in Nordwood furniture?", "The Buyer reports visible defects within 14 days of delivery and hidden defects within 12 months."),
  ("contracts/nordwood-furniture-supply-agreement.txt", "How long are Nordwood frames and joints guaranteed?", "The Supplier warrants the structural integrity of frames and joints for five years"),
  ("contracts/nordwood-furniture-supply-agreement.txt", "Which collections are exclusive to us in the UK?", "The Supplier will not sell the \"Fjord\" and \"Linnea\" collections to other retailers in the United Kingdom during the term."),
  ("contracts/nordwood-furniture-supply-agreement.txt", "Is the demand forecast we share with Nordwood binding?", "The forecast is not a commitment to buy, except for the first month"),
  ("contracts/nordwood-furniture-supply-agreement.txt", "How much notice is needed to end the Nordwood contract?", "Either party may terminate with six months' written notice after the initial term."),
  ("contracts/nordwood-furniture-supply-agreement.txt", "Which country's law governs the furniture supply agreement?", "This agreement is governed by the laws of England and Wales."),
  # contracts/lumen-lighting-terms.md
  ("contracts/lumen-lighting-terms.md", "How long are the Lumen Lighting terms valid?", "Valid from 1 January 2025 until 31 December 2026."),
  ("contracts/lumen-lighting-terms.md", "How many LED bulbs are in a carton from Lumen?", "Bulbs are supplied in cartons of 12."),
  ("contracts/lumen-lighting-terms.md", "What is the minimum order value for lighting orders?", "The minimum order value is 1,500 euros per order; there is no minimum per product."),
  ("contracts/lumen-lighting-terms.md", "How fast does Lumen confirm a purchase order?", "Lumen confirms orders within 48 hours."),
  ("contracts/lumen-lighting-terms.md", "What is the lead time for standard lamps from Lumen?", "Standard catalogue items ship within 21 days of order confirmation."),
  ("contracts/lumen-lighting-terms.md", "By when must seasonal lighting be ordered for Christmas?", "must be ordered by 31 July for delivery before the Christmas season"),
  ("contracts/lumen-lighting-terms.md", "When is shipping free from the lighting supplier?", "Orders above 3,000 euros ship free of charge."),
  ("contracts/lumen-lighting-terms.md", "What freight charge applies to small Lumen orders?", "Smaller orders carry a freight charge of 180 euros per pallet."),
  ("contracts/lumen-lighting-terms.md", "What are Lumen's payment terms?", "Payment terms are net 30 days from the invoice date."),
  ("contracts/lumen-lighting-terms.md", "Who carries the currency risk on Lumen invoices?", "the exchange rate risk sits with the Buyer"),
  ("contracts/lumen-lighting-terms.md", "What compensation do we get when lamps arrive late?", "A delivery more than 10 days after the confirmed date gives the Buyer a credit of 3 percent of the delayed goods' value."),
  ("contracts/lumen-lighting-terms.md", "How many late lighting deliveries trigger a review of the agreement?", "Repeated late delivery (three times in a quarter) is a reason to review the agreement."),
  ("contracts/lumen-lighting-terms.md", "Which safety markings must lamps carry?", "Every product carries CE and UKCA marking."),
  ("contracts/lumen-lighting-terms.md", "How long is the warranty on LED bulbs?", "Lumen warrants lamps for three years and LED bulbs for two years."),
  ("contracts/lumen-lighting-terms.md", "Do dead-on-arrival bulbs have to be sent back?", "Dead-on-arrival units are credited without return when the Buyer sends photos and the batch number within 30 days."),
  ("contracts/lumen-lighting-terms.md", "What defect rate leads to a quality review with the lighting supplier?", "Defect rates above 2 percent of a delivery trigger a joint quality review."),
  ("contracts/lumen-lighting-terms.md", "When can Lumen change its prices?", "Prices may change twice a year, on 1 January and 1 July, with 60 days' notice."),
  ("contracts/lumen-lighting-terms.md", "Can unsold Christmas lighting be returned to Lumen?", "The Buyer may return unsold seasonal stock up to 10 percent of the season's order value"),
  ("contracts/lumen-lighting-terms.md", "What handling fee does Lumen charge for returned stock?", "Lumen charges a handling fee of 5 percent on returned stock."),
  # suppliers/supplier-directory.csv
  ("suppliers/supplier-directory.csv", "Who is our account manager at the Lithuanian linen supplier?", "supplier: Baltic Linen Works; country: Lithuania; category: Textiles; account_manager: Rasa Petraitis"),
  ("suppliers/supplier-directory.csv", "What is the lead time for cast iron pans from our kitchenware supplier?", "supplier: Castiron & Co; country: United Kingdom; category: Kitchenware; account_manager: Tom Hughes; lead_time_days: 10"),
  ("suppliers/supplier-directory.csv", "Which supplier provides planters and garden tools and when is their peak?", "notes: Planters and garden tools; peak season March to June"),
  ("suppliers/supplier-directory.csv", "What payment terms apply to the Turkish rug supplier?", "lead_time_days: 56; payment_terms: Net 60 (letter of credit); minimum_order: 10 rugs per design"),
  ("suppliers/supplier-directory.csv", "What breakage allowance does the stoneware supplier have?", "notes: Stoneware tableware; breakage allowance 1.5 percent"),
  ("suppliers/supplier-directory.csv", "What deposit do we pay for kettles and toasters?", "payment_terms: 30% deposit then balance before shipping"),
  ("suppliers/supplier-directory.csv", "Where are kettles shipped from and how?", "notes: Kettles and toasters shipped by sea from Ningbo"),
  ("suppliers/supplier-directory.csv", "Is the bedding linen certified?", "notes: Stonewashed linen bedding and table linen; OEKO-TEX certified"),
  ("suppliers/supplier-directory.csv", "What is the minimum order with the Dutch garden supplier?", "supplier: Verde Garden Supplies; country: Netherlands; category: Garden; account_manager: Sanne de Vries; lead_time_days: 18; payment_terms: Net 30; minimum_order: 800 EUR per order"),
  ("suppliers/supplier-directory.csv", "Who manages our account at Harbor Ceramics?", "supplier: Harbor Ceramics; country: Portugal; category: Kitchenware; account_manager: Joana Silva"),
  ("suppliers/supplier-directory.csv", "Which supplier collects its own returns?", "notes: Pre-seasoned cast iron pans and Dutch ovens; collects its own returns"),
  ("suppliers/supplier-directory.csv", "Who is the contact at the Chinese electricals factory?", "supplier: Kettle Point Electricals; country: China; category: Electricals; account_manager: Li Wei"),
  # planning/seasonal-planning-guide.md
  ("planning/seasonal-planning-guide.md", "Which months make up the spring season?", "Spring (February to April): garden, outdoor furniture and light textiles."),
  ("planning/seasonal-planning-guide.md", "When does the summer sale begin?", "the summer sale from the last week of June"),
  ("planning/seasonal-planning-guide.md", "What is in the autumn range?", "Autumn (August to October): indoor furniture, rugs, lighting and the back-to-university range."),
  ("planning/seasonal-planning-guide.md", "How many weeks before the season is the plan drafted?", "The season plan is drafted 20 weeks before the season starts."),
  ("planning/seasonal-planning-guide.md", "When is the pre-season review held?", "Buyers present their range and quantities at the pre-season review 16 weeks before the start"),
  ("planning/seasonal-planning-guide.md", "By when must winter orders be placed with suppliers that have very long lead times?", "orders for the winter season must be placed by the end of June"),
  ("planning/seasonal-planning-guide.md", "How far ahead does the weekly forecast go?", "Every product gets a weekly forecast from OIIS for the next 26 weeks."),
  ("planning/seasonal-planning-guide.md", "How do we forecast a brand new product without sales history?", "New products without history use the sales curve of a similar product chosen by the buyer"),
  ("planning/seasonal-planning-guide.md", "Can a buyer change the system forecast?", "A buyer may override a forecast, but every override needs a written reason"),
  ("planning/seasonal-planning-guide.md", "What service level is used for A items?", "for a 95 percent service level on A items and 90 percent on B and C items"),
  ("planning/seasonal-planning-guide.md", "Is the service level target raised before Christmas?", "During the six weeks before Christmas the service level for A items is raised to 98 percent."),
  ("planning/seasonal-planning-guide.md", "What share of seasonal demand is bought before the season starts?", "For seasonal lines, 70 percent of the expected season demand is bought before the season"),
  ("planning/seasonal-planning-guide.md", "Who reviews the open-to-buy budget?", "The open-to-buy budget is reviewed weekly by the finance business partner and the head of buying."),
  ("planning/seasonal-planning-guide.md", "What are the clearance discount steps at the end of a season?", "25 percent off in the first two weeks after the season, 40 percent off in weeks three and four"),
  ("planning/seasonal-planning-guide.md", "What happens to seasonal stock still unsold two months after the season?", "Anything unsold eight weeks after the season ends goes to the outlet channel."),
  ("planning/seasonal-planning-guide.md", "Who must be told when a top item sells out during peak?", "A stock-out on an A item during a peak season is reported to the head of buying the same day."),
  ("planning/seasonal-planning-guide.md", "When is air freight allowed for an emergency order?", "air freight is allowed when the lost margin over the expected delay is more than twice the extra freight cost"),
  ("planning/seasonal-planning-guide.md", "What full-price sell-through do we aim for on seasonal lines?", "The target sell-through for seasonal lines at full price is 65 percent."),
  # sops/cycle-counting.md
  ("sops/cycle-counting.md", "How often are A items counted?", "A items are counted every four weeks, B items every twelve weeks and C items twice a year."),
  ("sops/cycle-counting.md", "What happens to a location that had a discrepancy at its last count?", "Any location with a stock discrepancy in the last count is counted again the following week."),
  ("sops/cycle-counting.md", "Does the counter see the expected stock quantity?", "Counts are blind: the counter's handheld shows the location and item but not the expected quantity."),
  ("sops/cycle-counting.md", "When is a stock count recounted by a second person?", "differs from the system quantity by more than 2 percent or more than 50 pounds in value, a second counter recounts the location"),
  ("sops/cycle-counting.md", "Whose count is final if the first two counts disagree?", "otherwise a supervisor counts a third time and that count is final"),
  ("sops/cycle-counting.md", "Who approves an inventory adjustment worth 2,000 pounds?", "Adjustments above 500 pounds need the warehouse operations manager's approval"),
  ("sops/cycle-counting.md", "When is the finance director told about a stock adjustment?", "adjustments above 5,000 pounds are also reported to the finance director"),
  ("sops/cycle-counting.md", "What reasons can be recorded for a stock adjustment?", "Every adjustment records a reason: miscount at receipt, picking error, damage, theft suspected, or unknown."),
  ("sops/cycle-counting.md", "Which items are counted in the run-up to Christmas?", "only A items and locations with open discrepancies are counted"),
  ("sops/cycle-counting.md", "What is the shrinkage target?", "The target is below 0.8 percent of sales."),
  ("sops/cycle-counting.md", "What is done about a location with repeated unexplained losses?", "A location with two unexplained losses in a quarter is moved into a camera-covered area."),
  # policies/delivery-policy.md
  ("policies/delivery-policy.md", "How much does standard delivery cost and when is it free?", "Standard delivery takes three to five working days and costs 4.95 pounds, free for orders over 75 pounds."),
  ("policies/delivery-policy.md", "What is the cut-off time for next-day delivery?", "Next-day delivery costs 9.95 pounds for orders placed before 2 pm on a working day."),
  ("policies/delivery-policy.md", "What does two-person furniture delivery cost?", "Large-item delivery costs 39 pounds per order"),
  ("policies/delivery-policy.md", "Do we deliver to the Scottish islands?", "Northern Ireland, the Scottish Highlands and islands take two extra working days and large items there cost 79 pounds."),
  ("policies/delivery-policy.md", "Can customers abroad order for delivery?", "We do not deliver to PO boxes or outside the United Kingdom."),
  ("policies/delivery-policy.md", "How is the delivery date calculated for a backordered item?", "the checkout shows the expected date from the open purchase order plus three working days"),
  ("policies/delivery-policy.md", "What do we do when a parcel is lost in transit?", "customer service opens a carrier investigation and sends a replacement or refunds the customer"),
  ("policies/delivery-policy.md", "What compensation does a customer get if our van misses the booked slot?", "the customer gets a 20 pound voucher and a new slot of their choice"),
  ("policies/delivery-policy.md", "How soon must a customer report transit damage?", "Customers report damage within 48 hours of delivery, with photos."),
  ("policies/delivery-policy.md", "Can a customer keep a damaged sofa for a partial refund?", "the customer may choose a partial refund of up to 30 percent instead of a replacement"),
  ("policies/delivery-policy.md", "Does a customer pay shipping twice when an order arrives in several parcels?", "The customer pays delivery only once per order."),
  # care/teak-garden-bench.html
  ("care/teak-garden-bench.html", "Does a teak bench need treatment against rot?", "Teak is naturally rich in oils, so it resists rot and insects without any treatment."),
  ("care/teak-garden-bench.html", "How do I wash my teak bench?", "Clean teak with mild soapy water and a soft brush, working along the grain."),
  ("care/teak-garden-bench.html", "Can I use a jet washer on teak furniture?", "Never use a pressure washer: it raises the grain and leaves the surface rough."),
  ("care/teak-garden-bench.html", "Why has my teak bench turned grey?", "Left outdoors, teak weathers to a silver-grey patina within six to twelve months."),
  ("care/teak-garden-bench.html", "How often should teak oil be applied?", "apply teak oil every spring after cleaning"),
  ("care/teak-garden-bench.html", "Should I cover the garden bench with plastic in winter?", "In frost, store it under a breathable cover; plastic sheeting traps moisture and causes mould."),
  ("care/teak-garden-bench.html", "How do I get rid of light scratches on teak?", "Light scratches disappear when you sand them gently with 180-grit paper along the grain."),
  ("care/teak-garden-bench.html", "Are small cracks in the bench covered by the guarantee?", "The guarantee does not cover cracks from drying"),
  # care/wool-rug-care.html
  ("care/wool-rug-care.html", "Why is my new rug shedding fluff?", "New wool rugs shed loose fibres for the first few weeks."),
  ("care/wool-rug-care.html", "Should I pull out loose threads from the rug?", "Do not pull loose ends out; trim them level with the pile using scissors."),
  ("care/wool-rug-care.html", "Can I vacuum a hand-knotted rug with the rotating brush on?", "Vacuum once a week with the beater bar switched off, or with a suction-only nozzle."),
  ("care/wool-rug-care.html", "How often should a rug be rotated?", "Turn the rug every six months so it wears and fades evenly."),
  ("care/wool-rug-care.html", "How do I treat a red wine spill on a wool rug?", "For wine or coffee, dab with cold water mixed with a little wool detergent, then blot dry."),
  ("care/wool-rug-care.html", "Is it OK to steam clean the rug?", "Do not steam-clean or machine-wash it."),
  ("care/wool-rug-care.html", "How often should a hand-knotted rug be cleaned professionally?", "Have the rug professionally cleaned every two to three years"),
  ("care/wool-rug-care.html", "Will sunlight damage the rug colours?", "Keep the rug out of strong direct sunlight, as the natural dyes can fade."),
  ("care/wool-rug-care.html", "How should I store a rug to protect it from moths?", "roll it (never fold it) with cedar blocks and wrap it in cotton, not plastic"),
  # care/cast-iron-pan-care.html
  ("care/cast-iron-pan-care.html", "What should I do before cooking with a new cast iron pan?", "Rinse the pan with hot water, dry it thoroughly and wipe a thin layer of cooking oil over the inside."),
  ("care/cast-iron-pan-care.html", "Does the skillet work on an induction hob?", "The pans work on gas, electric, induction and in the oven up to 260 degrees Celsius."),
  ("care/cast-iron-pan-care.html", "Can I cook tomato sauce in cast iron?", "Avoid cooking acidic dishes such as tomato sauce for long periods until the seasoning is well established"),
  ("care/cast-iron-pan-care.html", "Can a cast iron pan go in the dishwasher?", "Never put cast iron in the dishwasher and never leave it to soak, because it will rust."),
  ("care/cast-iron-pan-care.html", "How do I fix a rusty skillet?", "If rust appears, scrub it off with steel wool"),
  ("care/cast-iron-pan-care.html", "At what oven temperature do I re-season a pan?", "bake it upside down at 230 degrees Celsius for one hour"),
  ("care/cast-iron-pan-care.html", "Do enamelled casserole pots need seasoning?", "Enamelled pieces do not need seasoning."),
  ("care/cast-iron-pan-care.html", "Why did the enamel on my Dutch oven crack after washing?", "a sudden temperature change can crack the enamel"),
  ("care/cast-iron-pan-care.html", "Is a chipped enamel pot covered by the guarantee?", "Enamel chips caused by knocks or metal utensils are not covered."),
]


def loaded_text(path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        text = re.sub(r"<(script|style|head)>.*?</\1>", " ", text, flags=re.S)
        text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)))
    if path.suffix == ".csv":
        import csv
        rows = list(csv.reader(text.splitlines()))
        text = "\n\n".join("; ".join(f"{h}: {v}" for h, v in zip(rows[0], r) if v.strip()) for r in rows[1:])
    return text


def main():
    out = []
    for n, (doc, question, answer) in enumerate(Q, start=1):
        text = loaded_text(CORPUS / doc)
        if text.count(answer) != 1:
            sys.exit(f"q{n:03d}: answer found {text.count(answer)} times in {doc}: {answer}")
        out.append({"id": f"q{n:03d}", "question": question, "doc": doc, "answer": answer,
                    "split": "validation" if n % 2 == 1 else "test"})
    with open(Path(__file__).resolve().parent / "questions.jsonl", "w", encoding="utf-8") as f:
        for q in out:
            f.write(json.dumps(q, ensure_ascii=False) + "\n")
    print(f"{len(out)} questions, {sum(q['split'] == 'validation' for q in out)} validation")


if __name__ == "__main__":
    main()
