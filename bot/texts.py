"""Fixed Chinese texts of the chat: help, greetings, fallbacks. Kept apart so wording changes
never touch logic."""

from __future__ import annotations

WELCOME = (
    "您好!我是职业技能评价政策助手。\n"
    "我可以:\n"
    "• 回答政策问题并给出原文出处(兵团、内蒙古、天津的评价机构管理与等级认定办法,人社部水平评价类职业资格承接办法,国家职业资格目录通知);\n"
    "• 查询评价机构备案状态(/status 机构名称或备案编号);\n"
    "• 自查申报评价机构的条件(/eligibility);\n"
    "• 列出办事材料清单并记录进度(/checklist);\n"
    "• 计算续期、档案整理、申辩等期限(/deadline)。\n"
    "先用 /region 设置您所在地区,回答会更准确。"
)

HELP = (
    "可用命令:\n"
    "/ask 问题 — 政策问答(直接发问题也可以)\n"
    "/status 名称或备案编号 — 评价机构备案状态\n"
    "/eligibility — 申报评价机构条件自查(逐项问答)\n"
    "/checklist — 办事材料清单(可勾选进度)\n"
    "/deadline — 期限计算(如续期申请时间)\n"
    "/region — 设置地区(兵团、内蒙古、天津、浙江、全国)\n"
    "/role — 设置身份(申请人 / 评价机构工作人员)\n"
    "/link 验证码 — 评价机构工作人员绑定本机构\n"
    "/remind — 到期提醒:绑定后开启本机构续期、到期和状态变更提醒;/remind off 全部取消\n"
    "/source 文件 条号 — 查看条文原文,如 /source neimenggu2024 11\n"
    "/cancel — 取消当前对话\n"
    "监管人员另有:/registry(到期、暂停、终止名录)、/linkcode 备案编号(签发绑定验证码)。"
)

SMALLTALK = "您好!请直接提出政策问题,或发送 /help 查看我能做什么。"
CANCELLED = "已取消当前对话。您可以继续提问,或发送 /help 查看功能。"
NOTHING_TO_CANCEL = "当前没有进行中的对话。"
STALE_BUTTON = "这个按钮已失效(可能对话已结束或已更新),请重新发起。"
INTERNAL_ERROR = "抱歉,处理您的消息时出错了,请稍后再试。如问题持续,请发送 /help。"
ASK_QUESTION = "请在 /ask 后面写上您的问题,例如:/ask 内蒙古评价机构备案有效期多久?"
REGION_PROMPT = "请选择您所在的地区:"
ROLE_PROMPT = "请选择您的身份:"
RATE_LIMITED = "您发消息太快了,请稍等一分钟再继续。"
GROUP_PUBLIC_VIEW = "完整的监管信息请在与机器人的私聊中查询。"
