"""Organisations: the tree, a subtree, one org; creating and updating orgs."""

from __future__ import annotations

from fastapi import APIRouter, status

from talentgraph.services.records import Branch
from talentgraph_api.deps import Caller, Page, UseCases, Writer
from talentgraph_api.schemas.common import Page as PageOf
from talentgraph_api.schemas.common import page_of
from talentgraph_api.schemas.entities import OrgIn, OrgNode, OrgOut

router = APIRouter(prefix="/orgs", tags=["orgs"])


@router.get("", response_model=PageOf[OrgOut], summary="Orgs the caller may see, depth first")
def list_orgs(uc: UseCases, caller: Caller, page: Page) -> PageOf[OrgOut]:
    found = uc.records.orgs(caller)
    return page_of([OrgOut.model_validate(o.model_dump()) for o in found], page.limit, page.offset)


@router.get("/tree", response_model=list[OrgNode], summary="The org tree the caller may see, nested")
def tree(uc: UseCases, caller: Caller) -> list[OrgNode]:
    return [_node(b) for b in uc.records.org_tree(caller)]


@router.get("/{org_id}", response_model=OrgOut)
def get_org(org_id: str, uc: UseCases, caller: Caller) -> OrgOut:
    return OrgOut.model_validate(uc.records.org(caller, org_id).model_dump())


@router.get("/{org_id}/subtree", response_model=OrgNode, summary="An org and everything below it, nested")
def subtree(org_id: str, uc: UseCases, caller: Caller) -> OrgNode:
    (branch,) = uc.records.org_tree(caller, org_id)
    return _node(branch)


@router.post("", response_model=OrgOut, status_code=status.HTTP_201_CREATED)
def create_org(org: OrgIn, uc: UseCases, caller: Writer) -> OrgOut:
    return OrgOut.model_validate(uc.writes.create_org(caller, org).model_dump())


@router.put("/{org_id}", response_model=OrgOut)
def update_org(org_id: str, org: OrgIn, uc: UseCases, caller: Writer) -> OrgOut:
    return OrgOut.model_validate(uc.writes.update_org(caller, org_id, org).model_dump())


def _node(branch: Branch) -> OrgNode:
    org = branch.org
    return OrgNode(id=org.id, kind=org.kind.value, name=org.name, rural=org.rural,
                   children=[_node(child) for child in branch.children])
