# expected.R - the training of this case, independently of lib/risk.c and
# lib/logit.c: labels, ridge logistic regression by Newton's method on
# standardised features, blocked cross-validation, ROC AUC.
# Rscript expected.R
f <- read.csv("features.csv")
f$t <- as.numeric(as.POSIXct(f$ts, format = "%Y-%m-%dT%H:%M:%SZ", tz = "UTC")) / 3600
X <- cbind(x = f$value[f$signal == "x"], y = f$value[f$signal == "y"])
t <- f$t[f$signal == "x"]
fails <- as.numeric(as.POSIXct(c("1970-01-02 12:30:00", "1970-01-03 06:30:00"), tz = "UTC")) / 3600
H <- 3; end <- max(t)
lab <- sapply(t, function(s) { nx <- fails[fails > s]; if (length(nx) && nx[1] - s <= H) 1 else
        if (s + H > end) NA else 0 })
keep <- !is.na(lab); X <- X[keep, ]; y <- lab[keep]; t <- t[keep]
fit <- function(X, y, ridge = 1) {
  m <- colMeans(X); s <- apply(X, 2, sd); s[s == 0] <- 1
  Z <- cbind(1, sweep(sweep(X, 2, m), 2, s, "/")); b <- rep(0, ncol(Z))
  P <- diag(c(0, rep(ridge, ncol(X))))
  for (i in 1:100) {
    p <- 1 / (1 + exp(-Z %*% b)); W <- as.vector(pmax(p * (1 - p), 1e-12))
    step <- solve(t(Z) %*% (Z * W) + P, t(Z) %*% (y - p) - P %*% b)
    b <- b + step; if (max(abs(step)) < 1e-10) break
  }
  list(b = b, m = m, s = s)
}
pred <- function(M, X) 1 / (1 + exp(-(M$b[1] + sweep(sweep(X, 2, M$m), 2, M$s, "/") %*% M$b[-1])))
k <- 2; n <- length(y); fold <- floor((rank(t, ties.method = "first") - 1) * k / n)
pr <- numeric(n)
for (j in 0:(k - 1)) { M <- fit(X[fold != j, ], y[fold != j]); pr[fold == j] <- pred(M, X[fold == j, , drop = FALSE]) }
auc <- (sum(rank(pr)[y == 1]) - sum(y) * (sum(y) + 1) / 2) / (sum(y) * sum(1 - y))
tp <- sum(pr >= 0.5 & y == 1); fp <- sum(pr >= 0.5 & y == 0); fn <- sum(pr < 0.5 & y == 1)
M <- fit(X, y)
cat(sprintf("vectors %d, failures %d, left out %d\n", n, sum(y), sum(!keep)))
cat(sprintf("AUC %.3f precision %.3f recall %.3f\n", auc, tp / (tp + fp), tp / (tp + fn)))
cat(sprintf("standardised: intercept %.10g coef %.10g %.10g\n", M$b[1], M$b[2], M$b[3]))
cat(sprintf("per unit: intercept %.6g x %.6g y %.6g\n", M$b[1] - sum(M$b[-1] * M$m / M$s), M$b[2] / M$s[1],
            M$b[3] / M$s[2]))
