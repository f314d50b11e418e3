"""Every rule of domain.md with its source sentence: the one place the quotes live.

Each entry carries the seed's own sentence (``seed``, verbatim), the quote a
planner reads (``quote``: the same sentence, except for JM, whose text was
machine-rewritten with synonyms and is given in normalised wording, flagged
``normalised``), an English gloss, talentgraph's reading, and what kind of rule
it is: ``teacher`` (decided per teacher, in policies), ``aggregate`` (about a
population: reported, not a verdict), ``flag`` (a planner's alert) or
``not_modelled`` (with ``where`` saying why). ``where`` also says where an
aggregate rule is, or will be, reported.

The English strings (gloss, reading, where) are user-facing: a later change
translates them through gettext; the Chinese quotes are the sources' own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["teacher", "aggregate", "flag", "not_modelled"]
SOURCES = {
    "JM": "Jiangmen city, 14th five-year teacher-training plan (seeds/000)",
    "WZ": "Wenzhou city, teacher professional-development training opinions, 2012 (seeds/001)",
    "XD": "XX district Strong Teachers Project (强师工程) plan (seeds/002)",
    "LE": "Luoerling town central school, whole-staff training plan 2024-2025 (seeds/003)",
    "TX": "Tongxin county, National Training Plan 2022 backbone projects (seeds/004)",
}
NORMALISED_NOTE = ("JM's text was machine-rewritten with synonyms; the quote reads them back "
                   "(先生→教师, 教授→教育, 教育→培养, 准绳上→原则上, 卓绝→优秀, ...): see domain.md")


@dataclass(frozen=True)
class Rule:
    id: str
    seed: str  # the sentence as the seed file has it
    gloss: str  # English
    reading: str  # how talentgraph reads and applies it
    kind: Kind = "teacher"
    quote: str = ""  # JM: normalised wording; elsewhere the seed's sentence without page litter
    where: str = ""  # aggregate: where it is (or will be) reported; not_modelled: why

    @property
    def source(self) -> str:
        return self.id.split("-", 1)[0]

    @property
    def normalised(self) -> bool:
        """JM's synonyms read back. (Elsewhere a quote only drops the seed's page litter.)"""
        return self.source == "JM" and bool(self.quote) and self.quote != self.seed

    @property
    def text(self) -> str:
        """The sentence a planner reads: the normalised wording for JM, else the seed's."""
        return self.quote or self.seed


CATALOGUE: tuple[Rule, ...] = (
    # ------------------------------------------------------------------ JM
    Rule(
        "JM-LEVEL",
        seed="市、县、校分设以上三层项目,准绳上市一级教育对象需为县级认定对象,县级教育对象需为校级认定对象。",
        quote="市、县、校分设以上三层项目,原则上市一级培养对象需为县级认定对象,县级培养对象需为校级认定对象。",
        gloss=("City, county and school each run the three programmes; in principle a city-level "
               "candidate is a county-certified holder, a county-level candidate a school-certified one."),
        reading=("In principle (review, not ineligible): a candidate holds the same tier one level down, "
                 "awarded on their own chain (their school on the as-of date, its county, its city); a "
                 "title from another county or city does not serve, and the reason names its awarder."),
    ),
    Rule(
        "JM-NEW-EMERGING",
        seed="新先生典型化培训体现优异的职员可进入新锐先生教育工程。",
        quote="新教师规范化培训表现优异的人员可进入新锐教师培养工程。",
        gloss=("New teachers who perform excellently in standardised new-teacher training may enter "
               "the emerging-teacher programme."),
        reading=("A route, not a gate (可进入 'may enter'): an excellent new-teacher training result "
                 "admits to the emerging team at any time; the other route is JM-EMERGING-WINDOW."),
    ),
    Rule(
        "JM-EMERGING-WINDOW",
        seed="市、县、校三级分袂树立新锐先生教育项目,将入职3至5年的卓绝青年先生纳入新锐先生教育队伍",
        quote="市、县、校三级分别设立新锐教师培养项目,将入职3至5年的优秀青年教师纳入新锐教师培养队伍",
        gloss=("City, county and school each set up emerging-teacher programmes, bringing excellent "
               "young teachers 3 to 5 years into teaching into the emerging team."),
        reading=("A route into the emerging team (3-5 complete years of teaching). It governs entry "
                 "only: at county and city a teacher already holding an emerging title is not held "
                 "to it again. 'Excellent' is the school's judgement; no record shows it."),
    ),
    Rule(
        "JM-EMERGING-BACKBONE",
        seed="经教育及格的新锐先生可进入到各级骨干先生教育工程。",
        quote="经培养合格的新锐教师可进入到各级骨干教师培养工程。",
        gloss="Emerging teachers who pass their cultivation may enter backbone programmes at every level.",
        reading=("Hard route: passed an emerging programme, or holds an emerging title, or (county and "
                 "up) holds the backbone title of a level below, which that route led to."),
    ),
    Rule(
        "JM-BACKBONE-STAGE",
        seed=("市级首要结构践诺高中阶段学科骨干先生及部门初中学科骨干的培训,县(市、区)结构展开初中、小学和"
              "小儿园阶段骨干先生的培训处事。"),
        quote=("市级主要组织实施高中阶段学科骨干教师及部分初中学科骨干的培训,县(市、区)组织开展初中、小学和"
               "幼儿园阶段骨干教师的培训工作。"),
        gloss=("The city mainly trains senior-high and part of the junior-high backbone teachers; "
               "counties train junior-high, primary and kindergarten ones."),
        reading=("Advice, never a bar: 主要 'mainly' divides the work between the levels; vocational and "
                 "special-education teachers are not named. explain says which level mainly serves the "
                 "teacher's stage."),
    ),
    Rule(
        "JM-BACKBONE-FAMOUS",
        # The seed has web-page litter inside the sentence (市开云kaiyun-、县两级...): elided.
        seed="市……、县两级分袂树立名先生、名班主任教育项目,正在卓绝的骨干先生中选取教学功绩优异的先生和教授收获优越的班主任",
        quote="市、县两级分别设立名教师、名班主任培养项目,在优秀的骨干教师中遴选教学业绩优异的教师和教育成果突出的班主任",
        gloss=("City and county run famous-teacher and famous head-teacher programmes, choosing from "
               "excellent backbone teachers."),
        reading=("Hard: a backbone title at any level (the sentence names none; a famous title shows "
                 "the same standing), and 'excellent' read as an excellent annual review in the last "
                 "three complete years. The level chain of famous@city is JM-FAMOUS-CITY."),
    ),
    Rule(
        "JM-FAMOUS-CITY",
        seed="准绳上市级教育对象须取得县级教学名师或名班主任荣幸。",
        quote="原则上市级培养对象须取得县级教学名师或名班主任称号。",
        gloss=("In principle city-level candidates hold the county famous-teacher or famous "
               "head-teacher title."),
        reading=("In principle (review): a county famous title of either track, awarded by the "
                 "teacher's own county."),
    ),
    Rule(
        "JM-EDUCATOR",
        seed="正在省市级名先生、名班主任中筛选一批教授教学功绩卓绝、专业本质轶群的种子",
        quote="在省市级名教师、名班主任中筛选一批教育教学业绩优秀、专业素质超群的种子",
        gloss=("Educator-type candidates are chosen from province- and city-level famous teachers "
               "and famous head-teachers."),
        reading="Hard: a famous title (teacher or head-teacher track) at city level or higher.",
    ),
    Rule(
        "JM-QUOTA-CITY-BACKBONE",
        seed="市级按全市中小学专任先生数目10%足下展开骨干先生教育培训",
        quote="市级按全市中小学专任教师数量10%左右开展骨干教师培养培训",
        gloss="The city cultivates backbone teachers at about 10% of its full-time teachers.",
        reading="A share of a city's teachers, not a condition on anyone.",
        kind="aggregate",
        where=("a [[quota]] of jiangmen and reference (10% of primary and secondary teachers, rounded to "
               "the nearest; holders and teachers in a running city programme): talentgraph quota, "
               "GET /orgs/{id}/quota"),
    ),
    Rule(
        "JM-TARGET",
        seed="到2025年,全市教授人才要完毕超2万人宗旨, “十四五”时刻梯次教育各种教学名师8000人以上。",
        quote="到2025年,全市教育人才要实现超2万人目标,“十四五”期间梯次培养各类教学名师8000人以上。",
        gloss="Over 20,000 education talents by 2025; over 8,000 famous teachers of all kinds, 2021-2025.",
        reading="A city-wide target count.",
        kind="aggregate",
        where=("a [[quota_target]] of jiangmen: the 8,000 famous teachers as famous titles (teacher and "
               "head-teacher, any level) awarded 2021-2025: talentgraph quota; the 20,000 'education "
               "talents' is not countable (the seed does not say who is one)"),
    ),
    Rule(
        "JM-HOURS",
        seed="创办先生培训处事按期传达轨制,确保每位先生每年采纳培训累计不少于90学时。",
        quote="建立教师培训工作定期通报制度,确保每位教师每年接受培训累计不少于90学时。",
        gloss="Every teacher takes at least 90 hours of training a year.",
        reading=("Hard, on every jiangmen and reference target: 90 h in each complete calendar year "
                 "before the date (years not wholly in post are not due). JM makes training a condition "
                 "of annual review, title evaluation and registration (先生插足培训动作年度调查、职称评审、"
                 "按期注册的要紧条目). Probation hours count (WZ-NEW is Wenzhou's)."),
    ),
    Rule(
        "JM-PRINCIPAL",
        seed="培训实质分为外面进修(150学时)、跟岗施行(90学时)、长途研修(30学时)及案例钻研(30学时)四个模块。",
        quote="培训内容分为理论学习(150学时)、跟岗实践(90学时)、远程研修(30学时)及案例研究(30学时)四个模块。",
        gloss=("New-principal qualification training: 150 h theory, 90 h shadowing, 30 h remote "
               "study, 30 h case study (300 h)."),
        reading="The make-up of a course, not a condition on a principal.",
        kind="not_modelled",
        where=("training records carry delivery and content, not JM's four modules (theory and case "
               "study cannot be told apart); the qualification itself is JM-PRINCIPAL-LADDER's new "
               "principal title"),
    ),
    Rule(
        "JM-PRINCIPAL-LADDER",
        seed=("市、县两级结构展开后备干部、新任校长任职资历培训、骨干校长培训、名校长教育、教授家型校长教育五阶段"
              "分层培训……教育进程中体现卓绝的职员可推选进入名校长教育工程。"),
        quote=("市、县两级组织开展后备干部、新任校长任职资格培训、骨干校长培训、名校长培养、教育家型校长培养五阶段"
               "分层培训……培养过程中表现优秀的人员可推荐进入名校长培养工程。"),
        gloss=("City and county train principals in five stages: reserve cadre, new principal "
               "(qualification), backbone, famous, educator-type; excellent performers at each stage "
               "may be recommended to the next."),
        reading=("jiangmen's principal track: backbone principal from principals (the role or the new-"
                 "principal qualification, 持证上岗), famous from backbone principals, educator-type from "
                 "famous principals; hard, at county and city. 'Excellent' is the selectors' judgement."),
    ),
    Rule(
        "JM-RESEARCHER-LADDER",
        seed=("展开新任专(兼)职教研员、骨干教研员两项分级培训……每位教研员每年采纳培训累计不少于90学时。"),
        quote="开展新任专(兼)职教研员、骨干教研员两项分级培训……每位教研员每年接受培训累计不少于90学时。",
        gloss=("Researchers are trained in two tiers, new and backbone; every researcher takes at least "
               "90 hours a year."),
        reading=("jiangmen's researcher track: backbone researcher at county and city from researchers "
                 "(the role, or the new-researcher title), with 90 h a year; hard."),
    ),
    # ------------------------------------------------------------------ WZ
    Rule(
        "WZ-CYCLE",
        seed=("每位教师五年一周期内完成360学时专业发展培训……五年一周期内,教师参加校本培训时间不少于120学时,"
              "教师至少参加一次不少于90学时的集中培训"),
        gloss=("360 hours per five-year cycle; at least 120 school-based, and at least one centralized "
               "programme of 90 hours or more."),
        reading=("Hard: the rolling five years to the date (WZ-CYCLE-FIXED), pro rata for teachers in "
                 "post part of it; the single programme is one name in one year; probation hours do not "
                 "count (WZ-NEW)."),
    ),
    Rule(
        "WZ-CYCLE-FIXED",
        seed="“十二五”期间我市中小学教师专业发展培训的重点工作是:全面轮训100000名中小学幼儿园教师,每位教师五年一周期内完成360学时专业发展培训。",
        gloss="The five-year cycle is the 12th five-year period (2011-2015).",
        reading=("The wenzhou policy says which it uses: a rolling five years to the as-of date, since "
                 "the 2011-2015 period is long over and a rolling window asks the same of every date."),
    ),
    Rule(
        "WZ-YEAR",
        seed="每人每年培训时间一般不少于48学时,其中包括校本培训24学时。",
        gloss="Normally at least 48 hours a year, 24 of them school-based.",
        reading="Soft (一般 'normally': review), each complete calendar year; probation hours excluded.",
    ),
    Rule(
        "WZ-DAY",
        seed="每天以8学时认定培训学时",
        gloss="A training day credits 8 hours.",
        reading="hours_per_day = 8: converts thresholds written in days (WZ-BACKBONE's 15 days).",
    ),
    Rule(
        "WZ-BACKBONE",
        seed="市、县两级骨干教师集中培训不少于120学时。",
        gloss="City and county backbone teachers take at least 120 hours of centralized training.",
        reading=("An obligation of those who hold city or county backbone, in the five-year cycle "
                 "(15 days at 8 h): reported in explain and the pipeline, never a condition of a target."),
    ),
    Rule(
        "WZ-HEADTEACHER-HOURS",
        seed="班主任参加不少于30学时的专题培训",
        gloss="Head-teachers take at least 30 hours of special training.",
        reading=("An obligation of head-teachers (wenzhou): 30 h of head-teacher content (any delivery) "
                 "in the rolling five-year cycle; records without a content do not count."),
    ),
    Rule(
        "WZ-PRINCIPAL-HOURS",
        seed="校长参加不少于120学时的学校管理类集中培训。",
        gloss="Principals take at least 120 hours of centralized school-management training.",
        reading=("An obligation of principals (wenzhou): 120 h of centralized training of management "
                 "content in the rolling five-year cycle."),
    ),
    Rule(
        "WZ-NEW",
        seed=("新录用的、教龄在一年以内的新任教师,在试用期内须参加不少于180学时的培训,其中实践培训不少于60学时。"
              "新任教师在试用期内接受规定培训的时数,不列入教师周期内专业发展培训学时数。"),
        gloss=("New teachers take at least 180 hours (60 of practice) in probation; these hours do not "
               "count toward the five-year cycle."),
        reading=("Applied by the wenzhou policy alone: probation hours are left out of WZ-CYCLE and "
                 "WZ-YEAR, and the cycle is owed from a year after entry. The 180 h (60 practice) are an "
                 "obligation of the new teacher, checked once the first year is complete."),
    ),
    Rule(
        "WZ-NEW-PRINCIPAL",
        seed=("新任校长到岗一年内须参加300学时的任职资格培训(集中培训不少于90学时)。新任校长任职资格培训的学时数,"
              "不列入校长周期内在职提高培训时数。"),
        gloss=("New principals take 300 hours of qualification training (90 centralized) within a "
               "year of taking post; not counted in the cycle."),
        reading="A principal's first-year duty.",
        kind="not_modelled",
        where=("the bundle has no marker of qualification-training hours (which leave the cycle), and "
               "no principal-track title for the qualification in Wenzhou's sense"),
    ),
    Rule(
        "WZ-SCHOOL-SHARE",
        seed="学校每年安排不少于20%的教师,参加一次性不少于90学时集中培训。",
        gloss=("Each school sends at least 20% of its teachers a year to a single 90-hour centralized "
               "programme."),
        reading="A share of a school's teachers, not a condition on anyone.",
        kind="aggregate",
        where=("[[coverage]] of wenzhou (school_share: one centralized programme of 90 h in the last "
               "complete year, 20% rounded up): talentgraph coverage, GET /orgs/{id}/coverage"),
    ),
    # ------------------------------------------------------------------ XD
    Rule(
        "XD-ETHICS-VETO",
        seed=("对师德考核不合格的实行“一票否决”,当年年度考核不得评为合格及以上等次,两年内不得评为先进和申报高一级"
              "教师职称,连续两年考核不合格的必须调离教师岗位。"),
        gloss=("A failed ethics assessment is a one-vote veto: for two years the teacher cannot be "
               "rated advanced or apply for a higher title."),
        reading=("Hard: a failed ethics review in the as-of year or the two before bars every title "
                 "(being named backbone or famous is 评为先进); a missing reviews file is unknown."),
    ),
    Rule(
        "XD-ETHICS-ANNUAL",
        seed="对师德考核不合格的实行“一票否决”,当年年度考核不得评为合格及以上等次",
        gloss="In the year of an ethics failure the annual review cannot be 'qualified' or better.",
        reading=("An alert in the xd policy: an annual review of qualified or better in a year of a failed "
                 "ethics review is an inconsistent record."),
    ),
    Rule(
        "XD-ETHICS-REMOVAL",
        seed="连续两年考核不合格的必须调离教师岗位。",
        gloss="A teacher failing the ethics assessment two years running must leave the teaching post.",
        reading="An alert in the xd policy (a planner's flag), beside the veto that already bars titles.",
        kind="flag",
        where="explain under the xd policy (an alert on every xd target)",
    ),
    Rule(
        "XD-RURAL",
        seed=("引导城镇优秀校长和骨干教师向乡村学校流动,并将此经历作为教师申报高一级职称的必要条件和教师推优评先、"
              "校长选任的优先条件。"),
        gloss=("Rural service is required to apply for a higher professional title, and gives priority "
               "in awards and in choosing principals."),
        reading=("Advice in the xd policy: a tier title is 推优评先, where rural service gives "
                 "priority, not a requirement. Professional titles (职称), where it is required, are "
                 "not in the bundle. In the [ranking] of xd and reference it weighs more than the "
                 "researcher bonus (eligible --rank)."),
    ),
    Rule(
        "XD-RESEARCHER-BONUS",
        seed="将承担学校教研员或教育行政部门兼职教研员工作作为教师职称推评、岗位晋升、岗位续聘、推优评先等工作的加分条件。",
        gloss=("Serving as a (part-time) researcher earns points in title, promotion, renewal and award "
               "decisions."),
        reading=("Advice in the xd policy: a researcher role is shown as a bonus; it never bars anyone. "
                 "In the [ranking] of xd and reference it adds points (eligible --rank)."),
    ),
    Rule(
        "XD-DIMENSIONS",
        seed="通过师德素养、课堂达标、学科素养、教学业绩、教研能力五个维度评价教师业绩。",
        gloss="Performance is judged on ethics, classroom standard, subject literacy, results and research.",
        reading="How performance is assessed.",
        kind="not_modelled",
        where=("the bundle holds the resulting grades (reviews), not the five dimensions' scores; the "
               "[ranking] of xd and reference scores the mean annual-review grade, the outcome of that "
               "assessment (eligible --rank)"),
    ),
    Rule(
        "XD-COVERAGE",
        seed="实现校校有名师,班班有骨干。",
        gloss="Every school has a famous teacher, every class a backbone teacher.",
        reading="A coverage figure per school.",
        kind="aggregate",
        where=("[[coverage]] of xd and reference (a famous teacher per school; backbone teachers against "
               "head-teachers, the class proxy): talentgraph coverage, GET /orgs/{id}/coverage; the web "
               "overview"),
    ),
    Rule(
        "XD-MENTOR",
        seed="建立班主任导师制度,新入职教师须跟随班主任导师学习班级管理不少于一学年。",
        gloss="Every new teacher follows a head-teacher mentor for at least one school year.",
        reading=("The school's induction duty, not a condition of any title: an obligation of first-year "
                 "teachers (a head-teacher mentor on record) and, after the first year, 300 days with "
                 "one; the pipeline counts it (reference, xd)."),
    ),
    Rule(
        "XD-ETHICS-HOURS",
        seed="强化师德师风专题学习教育,每学期学习不少于10学时,学习考核结果纳入继续教育学时登记。",
        gloss="At least 10 hours of ethics study per semester, counted as continuing-education hours.",
        reading=("An obligation of every teacher in the xd policy: 10 h of ethics content in the last "
                 "complete semester (1 February - 31 July, 1 August - 31 January); a semester not wholly "
                 "in post is not due."),
    ),
    Rule(
        "XD-FAMOUS-HEADTEACHER-TARGET",
        seed="到2025年,培养区级以上名班主任166名。",
        gloss="166 district-or-higher famous head-teachers by 2025.",
        reading="A district target count.",
        kind="aggregate",
        where=("a [[quota_target]] of xd (famous head-teachers of county level or higher in post, per "
               "district): talentgraph quota, GET /orgs/{id}/quota"),
    ),
    Rule(
        "XD-HEADTEACHER-TRAINING",
        # The seed breaks the sentence with a page number (核心的班12、主任提升培训): elided.
        seed=("推进以技能培训为载体的班主任入职培训、以管理素养为核心的班……主任提升培训、以特色提炼为目标的名优"
              "班主任成长培训的三级提升培训工程,到“十四五”末,基本完成全区班主任轮训。"),
        quote=("推进以技能培训为载体的班主任入职培训、以管理素养为核心的班主任提升培训、以特色提炼为目标的名优班主任"
               "成长培训的三级提升培训工程,到“十四五”末,基本完成全区班主任轮训。"),
        gloss=("Head-teachers rotate through three-stage training (entry, improvement, famous) by 2025; "
               "new teachers learn class management under a mentor (XD-MENTOR)."),
        reading="A rotation to complete across the district by 2025.",
        kind="aggregate",
        where=("[[coverage]] of xd (head_teacher_training: head-teachers with head-teacher content "
               "training since 2021, per school): talentgraph coverage; the three stages are not told "
               "apart in the bundle; the mentor part is XD-MENTOR"),
    ),
    # ------------------------------------------------------------------ LE
    Rule(
        "LE-HOURS",
        seed="每人年度参训不少于90学时(其中专业知识不少于60学时,公需知识30学时)。",
        gloss="Each teacher at least 90 hours a year: at least 60 professional, 30 public-need.",
        reading=("In the luoerling policy: an obligation of every teacher, and (LE sets no ladder) the "
                 "one condition of each step, hard: the last complete school year (LE-SCHOOL-YEAR) "
                 "reaches 90 h, 60 professional and 30 public-need by content (LE-CONTENT), unless "
                 "exempt (LE-PROVINCIAL-EXEMPT). A year not wholly in post is not due; records "
                 "without a content make a shortfall unknown."),
    ),
    Rule(
        "LE-SCHOOL-YEAR",
        seed="培训时间 2024年8月-2025年6月",
        gloss="The training year runs from August to June.",
        reading=("LE's hours are counted per school year, 1 August to 30 June; records dated in July "
                 "fall in no school year. The last school year complete on the date is judged."),
    ),
    Rule(
        "LE-CONTENT",
        seed="每人年度参训不少于90学时(其中专业知识不少于60学时,公需知识30学时)……推行“集中培训(送培送教)+网络研修+校本研修”混合式培训。",
        gloss="The split is by content (professional, public-need), whatever the delivery.",
        reading=("Hours are split by the record's content; public_need counts as 公需, the other "
                 "contents (professional, ethics, ...) as professional (LE's professional modules include "
                 "师德师风). Records with no content are unknown for the split."),
    ),
    Rule(
        "LE-PROVINCIAL-EXEMPT",
        seed="参加2024年度省培的……教师,在完成60学时的培训任务后,可免于参加本年度全员培训的专业知识培训。",
        gloss=("A teacher who attended provincial training and completed 60 hours is exempt from that "
               "year's professional part."),
        reading=("60 h of province-level training dated in the school year exempts the teacher from its "
                 "60 professional hours; the 30 public-need hours remain."),
    ),
    Rule(
        "LE-EVIDENCE",
        seed="要求每位教师提交研修课过程材料、每学期不少于10节课的听课记录、教研反思等作为校本学时认定的必备材料。",
        gloss="School-based hours need evidence (10 lesson observations per semester); one file per teacher.",
        reading="How a school credits school-based hours.",
        kind="not_modelled",
        where="the bundle records credited hours; the evidence behind them stays with the school",
    ),
    # ------------------------------------------------------------------ TX
    Rule(
        "TX-COUNTY-BACKBONE",
        seed="县级骨干教师自主培养培训。面向学科带头人、优秀班主任、名师工作室成员……开展为期10天+60学时+返岗实践1年的县级认定培训",
        gloss=("County backbone certification is for subject leaders, excellent head-teachers and "
               "famous-teacher studio members."),
        reading=("Hard route: a subject leader, or a head-teacher graded excellent in the last three "
                 "years, or a current studio member."),
    ),
    Rule(
        "TX-CITY-BACKBONE",
        seed="县级骨干教师能力提升培训。面向县级名师和骨干教师……开展为期1年的市级培训,集中培训15天+60学时",
        gloss="County famous and backbone teachers take the one-year city programme to become city backbone.",
        reading=("Hard: a county backbone or famous title and the city programme passed; county famous "
                 "teachers stay in the pool."),
    ),
    Rule(
        "TX-PROVINCE-BACKBONE",
        seed="市级骨干教师能力提升培训。面向市级名师或骨干教师……开展为期2年的区、市级轮训",
        gloss="City famous or backbone teachers take the two-year programme to become region backbone.",
        reading="Hard: a city backbone or famous title and the region programme passed.",
    ),
    Rule(
        "TX-PROVINCE-FAMOUS",
        seed="区级骨干教师高级研修。面向区级骨干教师……着力培养造就一批……自治区级名师。",
        gloss="Region backbone teachers take the advanced programme to become region famous teachers.",
        reading="Hard: a region (province-level) backbone title and the advanced programme passed.",
    ),
    Rule(
        "TX-PRINCIPAL-TENURE",
        seed="遴选任正职校长6年以上、具有市级示范引领作用的校(园)长……遴选任正职校长4年以上、具有县级发挥示范引领作用的校(园)长",
        gloss=("Famous principals by tenure: 2 years (county), 4 (city), 6 (region), and exemplary at the "
               "level below."),
        reading=("Hard: years as principal, and the famous-principal title of the level below for city and "
                 "region."),
    ),
    Rule(
        "TX-PRINCIPAL-BACKBONE",
        seed="遴选任正职2年以上的县级骨干校(园)长参加为期10天+60学时的区级培训,由自治区认定为县级名校长。",
        gloss="The county famous-principal step is for county backbone principals with 2 years as principal.",
        reading="Hard, on tongxin's famous@county/principal: a county (or higher) backbone principal title.",
    ),
    Rule(
        "TX-TRAINING-BAN",
        seed="对考核不合格的参训教师,五年内不得申报骨干教师认定培训。",
        gloss=("A trainee who fails the (backbone training's) assessment may not apply for backbone "
               "certification training for five years."),
        reading=("Hard, on backbone targets at county and up: a failed backbone programme assessment in "
                 "the five years before the date. A failed course record is not it; backbone@school is "
                 "not certification training."),
    ),
    Rule(
        "TX-CERT-TRAINING",
        seed="开展为期10天+60学时+返岗实践1年的县级认定培训,开展为期10天+60学时+返岗实践1年的全员提升培训",
        gloss=("Certification training (认定培训) leads to a title; whole-staff improvement "
               "training does not."),
        reading=("Programme type (programmes.csv type): only a certification programme certifies in "
                 "tongxin (city and region backbone), and only its failed assessment triggers "
                 "TX-TRAINING-BAN; improvement training does neither. A record without a type reads "
                 "as cultivation, so neither certifies nor bars under TX."),
    ),
    Rule(
        "TX-RATIO",
        seed="2022年根据区级骨干教师占比6%测算……根据市级骨干教师占比9%测算……根据县级骨干教师占比15%测算",
        gloss="Backbone shares of all teachers: region 6%, city 9%, county 15%.",
        reading="Shares of a population, not a condition on anyone.",
        kind="aggregate",
        where=("[[quota]] of tongxin and reference, per county, all three levels at county scope, rounded "
               "down: talentgraph quota (holders, quota, approved, headroom), GET /orgs/{id}/quota; the "
               "pipeline's quota table"),
    ),
    Rule(
        "TX-TARGET",
        seed="至2025年遴选55人参加培训……至2025年遴选397人市级认定培训,完成522人全员能力提升培训……至2025年遴选745人认定培训,完成1006人全员能力提升培训。",
        gloss=("By 2025: 55 region trainees; 397 city certified (+522 improvement); 745 county certified "
               "(+1,006)."),
        reading="County target counts.",
        kind="aggregate",
        where=("[[quota_target]] of tongxin (enrolments from 2022 in the backbone programmes of each level "
               "and type, per county): talentgraph quota, GET /orgs/{id}/quota"),
    ),
    Rule(
        "TX-SCHOOL-VETO",
        seed="把学校组织教师培训纳入学校年度考核,对管理松散、态度敷衍的学校,年度考核实行一票否决。",
        gloss="A school lax in organising training gets a one-vote veto in its own annual assessment.",
        reading="About a school, not a teacher.",
        kind="aggregate",
        where=("not reported: 管理松散、态度敷衍 (lax, perfunctory) is a judgement of a school's conduct "
               "that no record shows; talentgraph coverage shows the figures a planner would weigh "
               "(WZ-SCHOOL-SHARE, XD-MENTOR)"),
    ),
)

BY_ID: dict[str, Rule] = {rule.id: rule for rule in CATALOGUE}
