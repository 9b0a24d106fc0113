/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, fast, seeded generator. The same seed gives the same
/// sequence on every platform, so the generated CSV is the same bytes for the same `--rows` and `--seed`.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in 0..<bound (bound > 0), by rejection so that no value is favoured.
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        let bound = UInt64(bound)
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let value = next()
            if value < limit { return Int(value % bound) }
        }
    }

    /// A uniform integer in the range.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// A uniform double in [0, 1), from the top 53 bits.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// True with probability `per` out of 1,000.
    mutating func chance(_ per: Int, in total: Int = 1_000) -> Bool {
        below(total) < per
    }

    mutating func pick<T>(_ values: [T]) -> T {
        values[below(values.count)]
    }

    /// Shuffles deterministically (Fisher–Yates).
    mutating func shuffle<T>(_ values: inout [T]) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(i, below(i + 1))
        }
    }
}

/// Draws indices 0..<n with given weights, by binary search over the cumulative weights.
///
/// `zipf(n, offset:)` weighs rank k (1-based) as 1/(k + offset): a Zipf–Mandelbrot law with exponent 1, computed
/// with divisions only (no `pow`), so the same on every platform. A larger offset flattens the head.
struct Weighted {
    private let cumulative: [Double]

    init(_ weights: [Double]) {
        precondition(!weights.isEmpty && weights.allSatisfy { $0 >= 0 })
        var total = 0.0
        var cumulative: [Double] = []
        cumulative.reserveCapacity(weights.count)
        for weight in weights {
            total += weight
            cumulative.append(total)
        }
        self.cumulative = cumulative.map { $0 / total }
    }

    static func zipf(_ n: Int, offset: Double = 0) -> Weighted {
        Weighted((1...n).map { 1 / (Double($0) + offset) })
    }

    var count: Int { cumulative.count }

    /// The share of draws that land on index `i`.
    func share(_ i: Int) -> Double {
        cumulative[i] - (i == 0 ? 0 : cumulative[i - 1])
    }

    func draw(_ random: inout SplitMix64) -> Int {
        let u = random.unit()
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > u { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
