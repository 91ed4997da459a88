# R forecast's ets(), thetaf() and auto.arima(), and R prophet, on M4 series, scored as oiis
# scores ours (M4 sMAPE; MASE scaled by the in-sample seasonal naive MAE with period m;
# negative forecasts set to 0 as in the M4 benchmarks). Prints one line per method:
#   method smape mase cpu_seconds_per_series
# Usage: Rscript bench/forecast_m4.R TRAIN.csv TEST.csv HORIZON FREQUENCY [LIMIT] [METHODS]
# METHODS: comma-separated subset of ets,thetaf,arima,prophet (default the first three).
# With R_FORECASTS_DIR set, each method's forecasts are also written to DIR/r_<method>.csv in
# the layout of `oiis forecast file --save-forecasts` (bench/forecast_combination.py scores
# means of them, e.g. r_ets+r_thetaf+r_arima).
# prophet: default settings on timestamps M4 does not give (FREQUENCY 24: hourly from
# 2000-01-01 00:00 UTC, otherwise weekly from 2000-01-03), so Prophet picks its own
# seasonalities (hourly: daily and weekly; weekly: yearly once there are two years), and
# predict() also draws its default 1000 interval samples, as oiis prophet --intervals does.
suppressPackageStartupMessages(library(forecast))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 4) stop("usage: forecast_m4.R TRAIN TEST HORIZON FREQUENCY [LIMIT] [METHODS]")
train <- read.csv(args[1], header = TRUE, stringsAsFactors = FALSE)
test <- read.csv(args[2], header = TRUE, stringsAsFactors = FALSE)
h <- as.integer(args[3])
freq <- as.integer(args[4])
limit <- if (length(args) >= 5) as.integer(args[5]) else nrow(train)
methods <- if (length(args) >= 6) strsplit(args[6], ",")[[1]] else c("ets", "thetaf", "arima")
limit <- min(limit, nrow(train))

smape <- function(a, f) mean(200 * abs(a - f) / (abs(a) + abs(f)))
mase <- function(insample, a, f, m) {
  n <- length(insample)
  mean(abs(a - f)) / mean(abs(insample[(m + 1):n] - insample[1:(n - m)]))
}
fit <- list(
  ets = function(y) forecast(ets(y), h = h)$mean,
  thetaf = function(y) thetaf(y, h = h)$mean,
  arima = function(y) forecast(auto.arima(y), h = h)$mean,
  prophet = function(y) {
    hourly <- frequency(y) == 24
    ds <- if (hourly) {
      seq(as.POSIXct("2000-01-01 00:00", tz = "UTC"), by = "hour", length.out = length(y))
    } else {
      seq(as.Date("2000-01-03"), by = "week", length.out = length(y))
    }
    m <- suppressMessages(prophet::prophet(data.frame(ds = ds, y = as.numeric(y))))
    future <- prophet::make_future_dataframe(m, periods = h, freq = if (hourly) 3600 else "week")
    tail(predict(m, future)$yhat, h)
  }
)
if ("prophet" %in% methods) {
  suppressPackageStartupMessages(library(prophet))
  # One untimed fit first: Stan's one-off model load is not charged to series 1.
  invisible(fit$prophet(ts(as.numeric(train[1, -1])[!is.na(train[1, -1])], frequency = freq)))
}

save_dir <- Sys.getenv("R_FORECASTS_DIR")
for (method in methods) {
  s <- m <- secs <- numeric(limit)
  saved <- matrix(NA_real_, nrow = limit, ncol = h)
  for (i in seq_len(limit)) {
    x <- as.numeric(train[i, -1])
    x <- x[!is.na(x)]
    actual <- as.numeric(test[i, 2:(h + 1)])
    y <- ts(x, frequency = freq)
    t0 <- proc.time()
    f <- as.numeric(fit[[method]](y))
    t1 <- proc.time()
    # CPU seconds of this process: per-core cost, like oiis's per-thread CPU time.
    secs[i] <- (t1[["user.self"]] - t0[["user.self"]]) + (t1[["sys.self"]] - t0[["sys.self"]])
    f[f < 0] <- 0
    saved[i, ] <- f
    s[i] <- smape(actual, f)
    m[i] <- mase(x, actual, f, freq)
  }
  cat(sprintf("%s %.4f %.4f %.6f\n", method, mean(s), mean(m), mean(secs)))
  if (nzchar(save_dir)) {
    out <- data.frame(id = train[seq_len(limit), 1], saved)
    names(out) <- c("id", paste0("F", seq_len(h)))
    write.csv(out, file.path(save_dir, paste0("r_", method, ".csv")), row.names = FALSE)
  }
}
