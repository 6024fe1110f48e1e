# export.R - the data and R's forecasts for the i40-forecast benchmark.
#
#   Rscript bench/forecast/export.R     (from the top of the tree)
#
# Needs Debian's r-cran-forecast (and r-cran-surveillance for the real
# intermittent series).  Writes, under bench/forecast/data/:
#   classic.csv        series,m,h,i,value  25 classic series of R's datasets
#                      and the forecast package; the last h values are the
#                      holdout (h = 2m for seasonal series, 10 otherwise:
#                      forecast()'s default horizon)
#   r_classic.csv      series,method,step,mean,lo80,hi80,lo95,hi95 for R's
#                      ets() and thetaf() fitted on the rest
#   intermittent.csv   generated (known size and interval distributions)
#                      and real (surveillance) intermittent series, h = 12
#   r_intermittent.csv R's croston() and ets() on those
#   speed.csv          1,000 generated series for the speed benchmark
#                      (400 seasonal monthly, 300 trended, 300 intermittent)
# and prints R's time for ets() over speed.csv when run with "speed".
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
out <- "bench/forecast/data"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

classic <- list(
  AirPassengers = AirPassengers, UKgas = UKgas, USAccDeaths = USAccDeaths,
  nottem = nottem, co2 = co2, ldeaths = ldeaths, mdeaths = mdeaths,
  fdeaths = fdeaths, JohnsonJohnson = JohnsonJohnson,
  UKDriverDeaths = UKDriverDeaths, austres = austres, WWWusage = WWWusage,
  Nile = Nile, lynx = lynx, gas = gas, wineind = wineind, woolyrnq = woolyrnq,
  BJsales = BJsales, LakeHuron = LakeHuron, airmiles = airmiles,
  sunspot.year = sunspot.year, nhtemp = nhtemp, uspop = uspop,
  discoveries = discoveries, lh = lh)

fc_rows <- function(name, method, f) {
  data.frame(series = name, method = method, step = seq_along(f$mean),
             mean = as.numeric(f$mean),
             lo80 = as.numeric(f$lower[, 1]), hi80 = as.numeric(f$upper[, 1]),
             lo95 = as.numeric(f$lower[, 2]), hi95 = as.numeric(f$upper[, 2]))
}

write_series <- function(lst, hs, file) {
  rows <- do.call(rbind, lapply(names(lst), function(nm) {
    y <- lst[[nm]]
    data.frame(series = nm, m = max(1, round(frequency(y))), h = hs[[nm]], i = seq_along(y),
               value = as.numeric(y))
  }))
  write.csv(rows, file.path(out, file), row.names = FALSE, quote = FALSE)
}

if (length(args) == 0 || args[1] == "classic") {
  hs <- lapply(classic, function(y) if (frequency(y) > 1) 2 * frequency(y) else 10)
  write_series(classic, hs, "classic.csv")
  res <- list()
  for (nm in names(classic)) {
    y <- classic[[nm]]; h <- hs[[nm]]; n <- length(y)
    tr <- ts(y[1:(n - h)], start = start(y), frequency = frequency(y))
    res[[length(res) + 1]] <- fc_rows(nm, "ets", forecast(ets(tr), h = h))
    res[[length(res) + 1]] <- fc_rows(nm, "thetaf", thetaf(tr, h = h))
  }
  write.csv(do.call(rbind, res), file.path(out, "r_classic.csv"),
            row.names = FALSE, quote = FALSE)
}

if (length(args) == 0 || args[1] == "intermittent") {
  set.seed(20240501)
  ser <- list()
  # Generated: demand occurs with probability p each period (geometric
  # intervals, mean 1/p); sizes 1 + Poisson(lambda) or a rounded-up
  # log-normal.  72 periods: 60 to fit, 12 to score.
  for (k in 1:200) {
    p <- runif(1, 0.12, 0.6)
    occ <- rbinom(72, 1, p)
    size <- if (k %% 2 == 0) 1 + rpois(72, runif(1, 1, 10))
            else ceiling(rlnorm(72, runif(1, 0.5, 2.5), runif(1, 0.3, 1)))
    ser[[sprintf("gen%03d", k)]] <- ts(occ * size)
  }
  # Real: weekly counts of notifiable diseases per district or state,
  # from r-cran-surveillance (measles in Germany 2005-07 and Weser-Ems
  # 2001-02; hepatitis A in Berlin 2001-06): the last 12 weeks are scored.
  if (requireNamespace("surveillance", quietly = TRUE)) {
    suppressMessages(library(surveillance))
    real <- list()
    data("measlesDE", package = "surveillance", envir = environment())
    data("measlesWeserEms", package = "surveillance", envir = environment())
    data("hepatitisA", package = "surveillance", envir = environment())
    data("ha", package = "surveillance", envir = environment())
    for (obj in list(list("measlesDE", measlesDE), list("measlesWE", measlesWeserEms))) {
      obs <- observed(obj[[2]])
      for (j in seq_len(ncol(obs)))
        real[[paste0(obj[[1]], ".", colnames(obs)[j])]] <- ts(as.numeric(obs[, j]))
    }
    obs <- ha$observed
    for (j in seq_len(ncol(obs)))
      real[[paste0("hepA.", colnames(obs)[j])]] <- ts(as.numeric(obs[, j]))
    # Keep series that are intermittent (ADI >= 1.32) and have at least
    # five demands before the holdout.
    for (nm in names(real)) {
      y <- real[[nm]]; tr <- y[1:(length(y) - 12)]
      nz <- sum(tr > 0)
      if (nz >= 5 && max(which(tr > 0)) / nz >= 1.32) ser[[nm]] <- y
    }
  }
  hs <- lapply(ser, function(y) 12)
  write_series(ser, hs, "intermittent.csv")
  res <- list()
  for (nm in names(ser)) {
    y <- ser[[nm]]; n <- length(y); tr <- ts(y[1:(n - 12)])
    f <- croston(tr, h = 12)
    res[[length(res) + 1]] <- data.frame(series = nm, method = "croston", step = 1:12,
      mean = as.numeric(f$mean), lo80 = NA, hi80 = NA, lo95 = NA, hi95 = NA)
    res[[length(res) + 1]] <- fc_rows(nm, "ets", forecast(ets(tr), h = 12))
  }
  write.csv(do.call(rbind, res), file.path(out, "r_intermittent.csv"),
            row.names = FALSE, quote = FALSE, na = "")
}

if (length(args) > 0 && args[1] == "speed") {
  set.seed(7)
  ser <- list()
  for (k in 1:400) {      # seasonal monthly, multiplicative, trended
    n <- sample(72:144, 1); t <- 1:n
    s <- 1 + runif(1, 0.05, 0.4) * sin(2 * pi * t / 12 + runif(1, 0, 2 * pi))
    y <- (100 + runif(1, -0.5, 1.5) * t) * s * exp(rnorm(n, 0, runif(1, 0.02, 0.1)))
    ser[[sprintf("seas%03d", k)]] <- ts(y, frequency = 12)
  }
  for (k in 1:300) {      # trended, non-seasonal, random-walk level
    n <- sample(40:100, 1)
    y <- 200 + cumsum(rnorm(n, runif(1, -1, 2), runif(1, 1, 5)))
    ser[[sprintf("trend%03d", k)]] <- ts(y)
  }
  for (k in 1:300) {      # intermittent
    n <- sample(60:100, 1)
    y <- rbinom(n, 1, runif(1, 0.15, 0.5)) * (1 + rpois(n, runif(1, 1, 8)))
    ser[[sprintf("int%03d", k)]] <- ts(y)
  }
  hs <- lapply(ser, function(y) 12)
  write_series(ser, hs, "speed.csv")
  d <- read.csv(file.path(out, "speed.csv"))
  # Time R from the CSV, as the C driver is timed: read, fit, forecast.
  t0 <- proc.time()
  d <- read.csv(file.path(out, "speed.csv"))
  for (nm in unique(d$series)) {
    s <- d[d$series == nm, ]
    f <- forecast(ets(ts(s$value, frequency = s$m[1])), h = 12)
  }
  pt <- proc.time() - t0
  cat(sprintf("R ets() loop: %d series in %.2f s wall, %.2f s CPU\n", length(unique(d$series)),
              pt[["elapsed"]], pt[["user.self"]] + pt[["sys.self"]]))
}
