-- CreateTable
CREATE TABLE "PriceCandle" (
    "source" TEXT NOT NULL,
    "pair" TEXT NOT NULL,
    "interval" TEXT NOT NULL,
    "openTime" TIMESTAMP(3) NOT NULL,
    "open" DECIMAL(38,18) NOT NULL,
    "high" DECIMAL(38,18) NOT NULL,
    "low" DECIMAL(38,18) NOT NULL,
    "close" DECIMAL(38,18) NOT NULL,

    CONSTRAINT "PriceCandle_pkey" PRIMARY KEY ("source","pair","interval","openTime")
);

-- CreateTable
CREATE TABLE "PriceCoverage" (
    "source" TEXT NOT NULL,
    "pair" TEXT NOT NULL,
    "interval" TEXT NOT NULL,
    "day" DATE NOT NULL,

    CONSTRAINT "PriceCoverage_pkey" PRIMARY KEY ("source","pair","interval","day")
);

-- CreateTable
CREATE TABLE "ManualPrice" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "asset" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "time" TIMESTAMP(3) NOT NULL,
    "price" DECIMAL(38,18) NOT NULL,
    "transactionId" TEXT,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ManualPrice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ManualPrice_userId_asset_idx" ON "ManualPrice"("userId", "asset");

-- CreateIndex
CREATE UNIQUE INDEX "ManualPrice_userId_asset_currency_time_key" ON "ManualPrice"("userId", "asset", "currency", "time");

-- AddForeignKey
ALTER TABLE "ManualPrice" ADD CONSTRAINT "ManualPrice_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
