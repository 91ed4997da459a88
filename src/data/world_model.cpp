#include "data/world_model.h"

#include <cmath>
#include <numbers>

namespace oiis::world {
namespace {

// clang-format off
enum CategoryIndex {
  kGrocery, kBeverages, kHousehold, kPersonalCare, kToys, kElectronics,
  kApparel, kHomeDecor, kGarden, kStationery, kPet, kSports, kCategoryCount
};
// clang-format on

std::vector<CategoryProfile> make_categories() {
  // Weekly profiles: groceries lean to the weekend shop, electronics to Saturday browsing,
  // stationery to weekdays (offices). Yearly bumps: garden in spring, toys before Christmas,
  // stationery back-to-school, beverages in summer heat.
  // clang-format off
  std::vector<CategoryProfile> c = {
      {"grocery", 1.0, 15.0, 0.15, 0.35, -1.4, -0.6, 0.05,
       {0.85, 0.85, 0.9, 0.95, 1.15, 1.3, 1.0}, {{{355, 12, 0.25}, {0, 30, 0.0}}},
       {"Pasta", "Rice", "Olive Oil", "Cereal", "Chocolate", "Cookies", "Coffee Beans", "Tea",
        "Honey", "Peanut Butter", "Tomato Sauce", "Granola", "Crackers", "Jam"},
       {"FarmFresh", "GoodHarvest", "Nonna's", "DailyPantry"}},
      {"beverages", 0.8, 12.0, 0.2, 0.4, -1.6, -0.7, 0.05,
       {0.85, 0.85, 0.9, 0.95, 1.2, 1.35, 0.9}, {{{196, 40, 0.6}, {358, 8, 0.3}}},
       {"Sparkling Water", "Lemonade", "Cola", "Orange Juice", "Iced Tea", "Energy Drink",
        "Apple Juice", "Ginger Ale", "Cold Brew"},
       {"AquaPure", "Zesty", "Bubbl", "Orchard Gold"}},
      {"household", 2.0, 30.0, 0.25, 0.45, -1.8, -0.8, 0.1,
       {1.0, 0.95, 0.95, 1.0, 1.05, 1.1, 0.95}, {{{90, 30, 0.25}, {0, 30, 0.0}}},
       {"Dish Soap", "Laundry Detergent", "Paper Towels", "Sponges", "Trash Bags",
        "Glass Cleaner", "Mop", "Storage Box", "Light Bulbs", "Batteries"},
       {"CleanCo", "HomeBright", "Sparkle", "EverReady"}},
      {"personal care", 2.0, 40.0, 0.35, 0.6, -2.0, -0.8, 0.1,
       {1.0, 1.0, 1.0, 1.0, 1.05, 1.0, 0.95}, {{{130, 10, 0.15}, {350, 15, 0.35}}},
       {"Shampoo", "Conditioner", "Toothpaste", "Body Lotion", "Face Cream", "Deodorant",
        "Razor", "Sunscreen", "Hand Soap", "Lip Balm"},
       {"Pure&Co", "Glow", "DermaSoft", "Fresh Day"}},
      {"toys", 5.0, 120.0, 0.35, 0.55, -2.6, -1.2, 0.2,
       {0.85, 0.85, 0.9, 0.95, 1.05, 1.3, 1.1}, {{{352, 18, 2.2}, {196, 40, 0.2}}},
       {"Building Blocks", "Puzzle", "Plush Bear", "Board Game", "Toy Car", "Doll House",
        "Kite", "Science Kit", "Train Set", "Action Figure"},
       {"PlayWorks", "Tiny Titans", "Brightmind", "Kidora"}},
      {"electronics", 10.0, 800.0, 0.1, 0.3, -3.0, -1.5, 0.25,
       {0.9, 0.9, 0.9, 0.95, 1.05, 1.25, 1.05}, {{{350, 20, 0.9}, {240, 20, 0.25}}},
       {"Smartphone", "Phone Case", "Headphones", "Bluetooth Speaker", "Tablet", "Charger",
        "USB Cable", "Smartwatch", "Laptop", "Laptop Sleeve", "Power Bank", "Webcam"},
       {"Voltix", "Nimbus", "Auralis", "Kestrel"}},
      {"apparel", 8.0, 150.0, 0.4, 0.65, -2.8, -1.2, 0.25,
       {0.9, 0.9, 0.9, 0.95, 1.1, 1.3, 1.0}, {{{100, 25, 0.35}, {330, 30, 0.6}}},
       {"T-Shirt", "Jeans", "Sweater", "Rain Jacket", "Socks", "Sneakers", "Scarf", "Dress",
        "Hoodie", "Cap"},
       {"Northline", "Urban Thread", "Mava", "Coastal"}},
      {"home decor", 5.0, 250.0, 0.4, 0.65, -2.5, -1.0, 0.35,
       {0.9, 0.9, 0.9, 0.95, 1.05, 1.3, 1.0}, {{{340, 30, 0.7}, {280, 30, 0.25}}},
       {"Candle", "Picture Frame", "Throw Pillow", "Vase", "Wall Clock", "Rug", "Lamp",
        "Mirror", "Blanket", "Planter"},
       {"Hearth", "Lumen & Oak", "Casa Nova", "Nestwell"}},
      {"garden", 3.0, 300.0, 0.3, 0.55, -2.4, -1.0, 0.3,
       {0.85, 0.85, 0.9, 0.95, 1.05, 1.35, 1.05}, {{{125, 35, 1.8}, {250, 25, 0.3}}},
       {"Seeds", "Garden Hose", "Potting Soil", "Pruning Shears", "Watering Can",
        "Lawn Fertiliser", "Garden Gloves", "Bird Feeder", "Solar Light", "Hose Nozzle"},
       {"GreenThumb", "Bloomfield", "Yardly", "TerraCraft"}},
      {"stationery", 1.0, 40.0, 0.35, 0.6, -1.8, -0.6, 0.3,
       {1.15, 1.1, 1.1, 1.05, 1.0, 0.85, 0.75}, {{{235, 18, 1.5}, {15, 12, 0.3}}},
       {"Notebook", "Ballpoint Pens", "Pencil Set", "Backpack", "Sticky Notes", "Stapler",
        "Highlighters", "Printer Paper", "Ink Cartridge", "Desk Organiser"},
       {"Scribo", "PaperTrail", "Inkwell", "Officio"}},
      {"pet", 3.0, 80.0, 0.25, 0.5, -1.5, -0.5, 0.15,
       {1.0, 0.95, 0.95, 1.0, 1.05, 1.1, 0.95}, {{{0, 30, 0.0}, {0, 30, 0.0}}},
       {"Dog Food", "Cat Food", "Cat Litter", "Dog Leash", "Pet Bed", "Chew Toy",
        "Aquarium Filter", "Bird Seed", "Pet Shampoo", "Treats"},
       {"Pawsome", "WhiskerWorks", "TailWag", "FurBest"}},
      {"sports", 5.0, 400.0, 0.3, 0.55, -2.6, -1.1, 0.3,
       {1.05, 1.0, 1.0, 1.0, 1.0, 1.05, 0.9}, {{{10, 15, 0.6}, {160, 45, 0.5}}},
       {"Yoga Mat", "Dumbbells", "Running Shoes", "Water Bottle", "Tennis Racket",
        "Bike Helmet", "Football", "Resistance Bands", "Jump Rope", "Cycling Gloves"},
       {"Stride", "PeakForm", "Velo", "CoreMotion"}},
  };
  // clang-format on
  for (auto& cat : c) {  // normalise weekly profiles to mean 1 so they only shape the week
    double sum = 0;
    for (double w : cat.weekly) sum += w;
    for (double& w : cat.weekly) w *= 7.0 / sum;
  }
  return c;
}

std::array<SegmentProfile, kRegularSegments> make_segments() {
  //                 name       share visits basket promo churn  web  store phone market
  // clang-format off
  return {{{"champion", 0.08, 44.0, 3.4, 1.0, 0.05, {0.55, 0.35, 0.02, 0.08}},
           {"loyal", 0.22, 19.0, 2.8, 1.0, 0.12, {0.45, 0.45, 0.03, 0.07}},
           {"bargain_hunter", 0.17, 13.0, 2.6, 6.0, 0.25, {0.55, 0.2, 0.0, 0.25}},
           {"occasional", 0.38, 4.5, 1.8, 1.0, 0.45, {0.4, 0.45, 0.05, 0.1}},
           {"new", 0.15, 11.5, 2.2, 1.5, 0.35, {0.6, 0.3, 0.02, 0.08}}}};
  // clang-format on
}

Date nth_weekday(int year, int month, int wday, int n) {  // wday 0 = Monday
  Date first = date_from_civil(year, month, 1);
  int offset = (wday - weekday(first) + 7) % 7;
  return first + offset + 7 * (n - 1);
}

Date easter_sunday(int year) {  // anonymous Gregorian algorithm
  int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
  int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return date_from_civil(year, month, day);
}

Holiday holiday(std::string name, Date date, int lead_days, double general,
                std::initializer_list<std::pair<int, double>> per_category) {
  Holiday h{std::move(name), date, lead_days, general, std::vector<double>(kCategoryCount, 0.0)};
  for (auto [category, factor] : per_category) h.category_factor[category] = factor;
  return h;
}

std::vector<Holiday> holidays_of_year(int year) {
  Date black_friday = nth_weekday(year, 11, 3, 4) + 1;  // the day after the 4th Thursday
  return {
      holiday("New Year's Day", date_from_civil(year, 1, 1), 0, 0.45, {}),
      holiday("Valentine's Day", date_from_civil(year, 2, 14), 6, 1.0,
              {{kGrocery, 1.35}, {kPersonalCare, 1.4}, {kHomeDecor, 1.5}}),
      holiday("Easter", easter_sunday(year), 8, 1.05,
              {{kGrocery, 1.5}, {kToys, 1.4}, {kGarden, 1.3}, {kHomeDecor, 1.2}}),
      holiday("Mother's Day", nth_weekday(year, 5, 6, 2), 7, 1.0,
              {{kPersonalCare, 1.6}, {kHomeDecor, 1.5}, {kGarden, 1.4}}),
      holiday("Halloween", date_from_civil(year, 10, 31), 10, 1.0,
              {{kToys, 1.5}, {kGrocery, 1.3}, {kHomeDecor, 1.4}, {kApparel, 1.2}}),
      holiday("Black Friday", black_friday, 0, 2.2,
              {{kElectronics, 3.2},
               {kToys, 2.6},
               {kApparel, 2.6},
               {kHomeDecor, 2.2},
               {kGrocery, 1.2},
               {kBeverages, 1.2},
               {kPet, 1.3}}),
      holiday("Black Friday weekend", black_friday + 1, 0, 1.5,
              {{kElectronics, 2.0}, {kToys, 1.8}, {kApparel, 1.8}}),
      holiday("Cyber Monday", black_friday + 3, 0, 1.7,
              {{kElectronics, 2.6}, {kToys, 2.0}, {kApparel, 2.0}}),
      holiday("Christmas shopping", date_from_civil(year, 12, 23), 21, 1.3,
              {{kToys, 1.8},
               {kElectronics, 1.7},
               {kHomeDecor, 1.6},
               {kApparel, 1.5},
               {kGrocery, 1.4},
               {kBeverages, 1.4},
               {kGarden, 1.0}}),
      holiday("Christmas Eve", date_from_civil(year, 12, 24), 0, 1.1,
              {{kGrocery, 1.8}, {kBeverages, 1.7}}),
      holiday("Christmas Day", date_from_civil(year, 12, 25), 0, 0.15, {}),
      holiday("Boxing Day", date_from_civil(year, 12, 26), 0, 1.6,
              {{kElectronics, 2.0}, {kApparel, 2.0}, {kGrocery, 0.9}}),
  };
}

}  // namespace

const std::vector<CategoryProfile>& categories() {
  static const std::vector<CategoryProfile> table = make_categories();
  return table;
}

const std::array<SegmentProfile, kRegularSegments>& segments() {
  static const auto table = make_segments();
  return table;
}

std::string_view segment_name(Segment s) {
  if (s == Segment::kFraudster) return "fraudster";
  return segments()[static_cast<int>(s)].name;
}

std::vector<Holiday> holidays_between(Date first, Date last) {
  std::vector<Holiday> out;
  for (int year = civil_from_date(first).year; year <= civil_from_date(last).year + 1; ++year) {
    for (auto& h : holidays_of_year(year)) {
      if (h.date - h.lead_days <= last && h.date >= first) out.push_back(std::move(h));
    }
  }
  return out;
}

namespace {
double raw_yearly(const CategoryProfile& category, int day_of_year) {
  double f = 1.0;
  for (const auto& bump : category.yearly) {
    if (bump.amplitude == 0.0) continue;
    double distance = std::fabs(day_of_year - bump.peak_day);
    distance = std::min(distance, 365.0 - distance);  // the year is a circle
    f += bump.amplitude *
         std::exp(-0.5 * (distance / bump.width_days) * (distance / bump.width_days));
  }
  return f;
}
}  // namespace

double yearly_factor(const CategoryProfile& category, Date date) {
  CivilDate civil = civil_from_date(date);
  int day_of_year = std::min(364, date - date_from_civil(civil.year, 1, 1));
  double mean = 0.0;
  for (int d = 0; d < 365; ++d) mean += raw_yearly(category, d);
  return raw_yearly(category, day_of_year) / (mean / 365.0);
}

double weekly_factor(const CategoryProfile& category, Date date) {
  return category.weekly[weekday(date)];
}

}  // namespace oiis::world
