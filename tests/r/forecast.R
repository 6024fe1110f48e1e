# forecast.R - reference numbers from R's forecast package for the unit
# tests of lib/ets.c, lib/theta.c, lib/croston.c and lib/fcast.c.
#
#   Rscript tests/r/forecast.R      (from the top of the tree; Debian:
#                                    apt-get install r-cran-forecast)
#
# Writes tests/data/forecast/series.csv (name,i,value) and
# tests/data/forecast/ref.csv (case,key,value): for each case the fitted
# parameters and initial states, log-likelihood, AICc, sigma^2, and the
# 6-step forecasts with 80%/95% bounds.  Made with forecast 8.20.
suppressMessages(library(forecast))
out <- "tests/data/forecast"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
options(digits = 15)

inter <- ts(c(0, 0, 3, 0, 0, 0, 5, 0, 2, 0, 0, 0, 0, 4, 0, 0, 6, 0, 0, 1,
              0, 0, 0, 3, 0, 7, 0, 0, 0, 2))
series <- list(AirPassengers = AirPassengers, USAccDeaths = USAccDeaths,
               WWWusage = WWWusage, UKgas = UKgas, inter = inter)
rows <- do.call(rbind, lapply(names(series), function(nm)
  data.frame(name = nm, i = seq_along(series[[nm]]), value = as.numeric(series[[nm]]))))
write.csv(rows, file.path(out, "series.csv"), row.names = FALSE, quote = FALSE)

ref <- list()
put <- function(case, key, value) {
  ref[[length(ref) + 1]] <<- data.frame(case = case, key = key, value = format(value, digits = 15))
}
put_fc <- function(case, f) {
  for (j in seq_along(f$mean)) {
    put(case, paste0("mean", j), f$mean[j])
    if (!is.null(f$lower)) {
      put(case, paste0("lo80_", j), f$lower[j, 1]); put(case, paste0("hi80_", j), f$upper[j, 1])
      put(case, paste0("lo95_", j), f$lower[j, 2]); put(case, paste0("hi95_", j), f$upper[j, 2])
    }
  }
}
put_ets <- function(case, fit) {
  put(case, "model", 0)
  put(case, "method", 0)
  ref[[length(ref)]]$value <<- fit$method
  for (p in c("alpha", "beta", "gamma", "phi"))
    if (!is.na(fit$par[p])) put(case, p, fit$par[p])
  s <- fit$initstate
  for (k in seq_along(s)) put(case, paste0("x0_", k), s[k])
  put(case, "loglik", fit$loglik); put(case, "aicc", fit$aicc)
  put(case, "sigma2", fit$sigma2)
  put_fc(case, forecast(fit, h = 6))
}

cases <- list(c("AirPassengers", "MAM"), c("AirPassengers", "MNM"),
              c("AirPassengers", "MAdM"), c("USAccDeaths", "AAA"),
              c("USAccDeaths", "ANA"), c("USAccDeaths", "MAA"),
              c("WWWusage", "AAdN"), c("WWWusage", "MAdN"), c("WWWusage", "ANN"),
              c("UKgas", "MNA"))
for (cs in cases) {
  y <- series[[cs[1]]]
  damped <- grepl("d", cs[2])
  fit <- ets(y, model = sub("d", "", cs[2]), damped = damped)
  put_ets(paste0(cs[1], "/", cs[2]), fit)
}
for (nm in c("AirPassengers", "USAccDeaths", "WWWusage"))
  put_ets(paste0(nm, "/ZZZ"), ets(series[[nm]]))
for (nm in c("AirPassengers", "WWWusage", "UKgas"))
  put_fc(paste0(nm, "/theta"), thetaf(series[[nm]], h = 6))
put_fc("inter/croston", croston(inter, h = 6))
put_fc("USAccDeaths/naive", naive(USAccDeaths, h = 6))
put_fc("USAccDeaths/snaive", snaive(USAccDeaths, h = 6))
put_fc("WWWusage/drift", rwf(WWWusage, drift = TRUE, h = 6))
# R's analytic intervals for seasonal models without trend put gamma on
# the wrong state (class1(): G[3] is the second seasonal state when there
# is no trend), which shows from step m on.  The standard deviation of
# R's own simulated paths (100,000) is the reference for those steps.
set.seed(1)
f <- ets(UKgas, model = "MNA", damped = FALSE)
p <- replicate(100000, simulate(f, nsim = 6, future = TRUE))
for (j in 1:6) put("UKgas/MNA-sim", paste0("sd", j), sd(p[j, ]))
fig <- decompose(AirPassengers, type = "multiplicative")$figure
for (k in 1:12) put("AirPassengers/decompose", paste0("fig", k), fig[k])
fig <- decompose(USAccDeaths, type = "additive")$figure
for (k in 1:12) put("USAccDeaths/decompose", paste0("fig", k), fig[k])
r <- acf(WWWusage, lag.max = 5, plot = FALSE)$acf[-1]
for (k in 1:5) put("WWWusage/acf", paste0("r", k), r[k])
write.csv(do.call(rbind, ref), file.path(out, "ref.csv"), row.names = FALSE, quote = FALSE)
