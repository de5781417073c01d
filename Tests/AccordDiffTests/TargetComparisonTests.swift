import Foundation
import Testing
import AccordModel
@testable import AccordDiff

/// Direction and size of one target's change, for the provider's obligation.
@Suite struct TargetComparisonTests {
    static func t(_ op: Target.Op, _ v: Decimal, _ unit: String, per: String? = nil, max: Decimal? = nil, metric: String? = nil) -> Target {
        Target(metric: metric, op: op, value: v, max: max, unit: unit, per: per, text: "")
    }

    @Test func aLowerMinimumIsLoosenedByHalf() {
        let c = TargetComparison.compare(Self.t(.ge, 4, "次"), Self.t(.ge, 2, "次"))
        #expect(c.direction == .loosened && c.relative == Decimal(string: "-0.5") && c.ratio == Decimal(string: "0.5") && c.basis == nil)
        #expect(DiffText.size(c) == "−50 %")
    }

    @Test func fewerActiveVolunteersIsLoosened() {
        let c = TargetComparison.compare(Self.t(.eq, 60, "人", metric: "活跃志愿者"), Self.t(.eq, 50, "人", metric: "活跃志愿者"))
        #expect(c.direction == .loosened && c.relative == Decimal(string: "-0.1667"))
    }

    @Test func monthlyToWeeklyIsTightenedPerMonth() {
        let c = TargetComparison.compare(Self.t(.eq, 1, "次", per: "月"), Self.t(.eq, 1, "次", per: "周"))
        #expect(c.direction == .tightened && c.basis == "per month" && c.ratio == Decimal(string: "4.3333"))
        #expect(DiffText.size(c) == "×4.33 per month")
        let yearly = TargetComparison.compare(Self.t(.ge, 12, "次", per: "年"), Self.t(.ge, 1, "次", per: "月"))
        #expect(yearly.direction == .none, "12 a year is once a month")
    }

    @Test func aLowerMaximumIsTightened() {
        #expect(TargetComparison.compare(Self.t(.le, 5, "天"), Self.t(.le, 3, "天")).direction == .tightened)
        #expect(TargetComparison.compare(Self.t(.le, 3, "天"), Self.t(.le, 5, "天")).direction == .loosened)
    }

    @Test func otherUnitsPeriodsOrBoundsAreNotComparable() {
        #expect(TargetComparison.compare(Self.t(.ge, 4, "次"), Self.t(.ge, 4, "场")).direction == .changed)
        #expect(TargetComparison.compare(Self.t(.ge, 4, "次", per: "月"), Self.t(.ge, 4, "次")).direction == .changed)
        #expect(TargetComparison.compare(Self.t(.ge, 4, "次"), Self.t(.le, 6, "次")).direction == .changed)
        #expect(TargetComparison.compare(Self.t(.ge, 4, "次"), Self.t(.ge, 4, "次")).direction == .none)
    }

    @Test func anIndicatorsDirectionOverItsTargets() {
        let up = TargetComparison.compare(Self.t(.ge, 1, "场"), Self.t(.ge, 2, "场"))
        let down = TargetComparison.compare(Self.t(.ge, 2, "场"), Self.t(.ge, 1, "场"))
        let other = TargetComparison.compare(Self.t(.ge, 2, "场"), Self.t(.ge, 2, "次"))
        #expect(TargetComparison.direction(of: [up, up]) == .tightened)
        #expect(TargetComparison.direction(of: [down]) == .loosened)
        #expect(TargetComparison.direction(of: [up, down]) == .mixed)
        #expect(TargetComparison.direction(of: [other]) == .changed)
        #expect(TargetComparison.direction(of: []) == .none)
    }

    @Test func targetsPairByMeasureAndCutOnesAreNoChange() {
        let a = [Self.t(.ge, 2, "场", metric: "活动"), Self.t(.ge, 40, "小时", metric: "志愿时长")]
        let b = [Self.t(.ge, 40, "小时", metric: "志愿时长"), Self.t(.ge, 3, "场", metric: "活动")]
        let c = TargetComparison.compare(a, b, cutSide: nil)
        #expect(c.map(\.direction) == [.tightened, .none])
        let cut = TargetComparison.compare(a, [a[0]], cutSide: "b")
        #expect(cut.map(\.direction) == [.none, .none] && cut[1].cut)
        let dropped = TargetComparison.compare(a, [a[0]], cutSide: nil)
        #expect(dropped[1].direction == .loosened && !dropped[1].cut)
    }
}
