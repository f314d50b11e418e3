"""Organisations: the tree, a subtree, one org; creating and updating orgs."""

from __future__ import annotations

from fastapi import APIRouter, status

from talentgraph import records, writes
from talentgraph.orgtree import OrgTree
from talentgraph_api.deps import Caller, Page, Store, Writer
from talentgraph_api.schemas.common import Page as PageOf
from talentgraph_api.schemas.common import page_of
from talentgraph_api.schemas.entities import OrgIn, OrgNode, OrgOut

router = APIRouter(prefix="/orgs", tags=["orgs"])


@router.get("", response_model=PageOf[OrgOut], summary="Orgs the caller may see, depth first")
def list_orgs(store: Store, caller: Caller, page: Page) -> PageOf[OrgOut]:
    found = records.list_orgs(store, caller.org_id)
    return page_of([OrgOut.model_validate(o.model_dump()) for o in found], page.limit, page.offset)


@router.get("/tree", response_model=list[OrgNode], summary="The org tree the caller may see, nested")
def tree(store: Store, caller: Caller) -> list[OrgNode]:
    orgs = records.org_tree(store)
    return [_node(orgs, root) for root in orgs.roots(caller.org_id) if root in orgs.orgs]


@router.get("/{org_id}", response_model=OrgOut)
def get_org(org_id: str, store: Store, caller: Caller) -> OrgOut:
    return OrgOut.model_validate(records.get_org(store, org_id, caller.org_id).model_dump())


@router.get("/{org_id}/subtree", response_model=OrgNode, summary="An org and everything below it, nested")
def subtree(org_id: str, store: Store, caller: Caller) -> OrgNode:
    orgs = records.org_tree(store)
    records.visible_org(orgs, org_id, caller.org_id)
    return _node(orgs, org_id)


@router.post("", response_model=OrgOut, status_code=status.HTTP_201_CREATED)
def create_org(org: OrgIn, store: Store, caller: Writer) -> OrgOut:
    made = writes.create_org(store, org, caller.org_id)
    return OrgOut.model_validate(made.model_dump())


@router.put("/{org_id}", response_model=OrgOut)
def update_org(org_id: str, org: OrgIn, store: Store, caller: Writer) -> OrgOut:
    return OrgOut.model_validate(writes.update_org(store, org_id, org, caller.org_id).model_dump())


def _node(orgs: OrgTree, org_id: str) -> OrgNode:
    org = orgs.orgs[org_id]
    return OrgNode(id=org.id, kind=org.kind.value, name=org.name, rural=org.rural,
                   children=[_node(orgs, child) for child in orgs.children.get(org_id, [])])
