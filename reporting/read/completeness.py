"""What a complete filing of its kind states, and this one does not: the deal's ``missing`` list.

Reading a filing tells us what it lacks (a truncated cover, a detailed description
without its classes); reconciling the figures it does state is the validate stage's work.
"""

from __future__ import annotations

from reporting.model.deal import (
    CORE_POOL_FACTS,
    DETAILED_DEAL_FACTS,
    RATE_GROUP_FIGURES,
    STRATIFICATION_TABLES,
    CertificateClass,
    Deal,
    FilingKind,
    Pool,
    Standing,
    holding_no_balance,
    in_rank_order,
    standings,
)


def missing_facts(deal: Deal, truncated: bool) -> tuple[str, ...]:
    """The facts a complete filing of this kind states that this one does not, in reading order."""
    missing = [name for name in ("series", "date_of_report", "cut_off_date") if getattr(deal, name) is None]
    if deal.kind is FilingKind.UNKNOWN:
        missing.append("kind")
    if deal.whole_deal is None:
        missing += list(CORE_POOL_FACTS)
    for pool in deal.pools:
        prefix = "" if pool.is_whole_deal else f"pool {pool.name} "
        missing += [f"{prefix}{name}" for name in CORE_POOL_FACTS if getattr(pool, name) is None]
        missing += _rate_group_figures_missing(pool, prefix)
    if deal.kind is FilingKind.COLLATERAL_TERM_SHEET and not deal.tables:
        missing.append(STRATIFICATION_TABLES)
    if deal.kind is FilingKind.DETAILED_DESCRIPTION:
        if not deal.classes:
            missing.append("certificate classes")
        # ... and each class's initial balance: without one, the classes are not checked against the deal
        none_of_their_own = holding_no_balance(deal.classes)
        missing += [
            f"class {c.name} initial balance"
            for c in deal.classes
            if c.initial_balance is None and c.name not in none_of_their_own
        ]
        missing += _subordination_levels_missing(deal.classes)
        # Every detailed description names its trustee and paying agent and the clean-up call's balance.
        missing += [said for name, said in DETAILED_DEAL_FACTS if getattr(deal, name) is None]
    if truncated:
        missing.append("signatures (the text ends before the signature block)")
    return tuple(missing)


def _rate_group_figures_missing(pool: Pool, prefix: str) -> list[str]:
    """A premium or discount group the filing gives figures for has all three, balance, WAC and WAM
    (a group it gives none for may have no loans: "None of the pool II mortgage loans are discount loans")."""
    split = pool.premium_discount
    if split is None:
        return []
    return [
        f"{prefix}{name} loans {figure}"
        for name, group in (("premium", split.premium), ("discount", split.discount))
        if any(getattr(group, figure) is not None for figure in RATE_GROUP_FIGURES)
        for figure in RATE_GROUP_FIGURES
        if getattr(group, figure) is None
    ]


def _subordination_levels_missing(classes: tuple[CertificateClass, ...]) -> list[str]:
    """Where the filing states subordination levels, it states one for each rank of class (the
    seniors, each M and each B) but the most junior, which nothing protects: a rank without one is
    not found (a level a page break or a layout cut off; or, in a filing that states the seniors'
    alone, one it never states, and "not found in the filing" says just that)."""
    if not any(c.subordination_level is not None for c in classes):
        return []
    ranks: dict[Standing, list[CertificateClass]] = {}
    for c, found in zip(classes, standings(classes)):
        if found is not None:
            ranks.setdefault(found, []).append(c)
    order = {c.name: place for place, c in enumerate(in_rank_order(classes))}
    # the most junior of the deal's, or of each loan group's own (IB-6, IIB-3), states none
    most_junior = {group: max(s.rank for s in ranks if s.group == group) for group in {s.group for s in ranks}}
    return [
        f"class {members[0].name} subordination level"
        for found, members in sorted(ranks.items(), key=lambda pair: order[pair[1][0].name])
        if found.rank != most_junior[found.group] and all(c.subordination_level is None for c in members)
    ]
