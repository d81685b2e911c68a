/** @odoo-module **/

import { registry } from "@web/core/registry";

// The officer's journeys in the portal (also at a phone's width). The Python tests
// (tests/test_tour_officer.py) check the database afterwards.

// a photo of one pixel, as a phone would send it
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

function attachFile(name, type, base64) {
    return {
        content: `Attach ${name}`,
        trigger: "#zugong_item_attachments",
        run() {
            const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, { type }));
            this.anchor.files = transfer.files;
            this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
        },
    };
}

const tours = registry.category("web_tour.tours");

tours.add("zugong_portal_officer_write_item", {
    url: "/my/items/new",
    steps: () => [
        {
            content: "The form reads 标题 for the title, not a training word",
            trigger: "label[for='zugong_item_name']:contains(标题)",
        },
        { content: "Title", trigger: "#zugong_item_name", run: "edit 江滨街道直报点推行楼道议事会" },
        { content: "Type", trigger: "#zugong_item_type", run: "selectByLabel 动态" },
        {
            content: "Body",
            trigger: "#zugong_item_body",
            run: "edit 江滨街道直报点在各居民楼道设立议事会，每月召开一次，由楼道党员牵头收集居民意见，当场能办的当场办，不能办的上报社区，今年以来共解决停车、绿化、加装电梯等问题四十余件。",
        },
        { content: "A co-author of the unit", trigger: "#zugong_item_authors label:contains(江小川)", run: "click" },
        { content: "A joint unit", trigger: "#zugong_item_joint_units label:contains(滨江社区)", run: "click" },
        { content: "The commission it answers", trigger: "#zugong_item_commission", run: "selectByLabel 楼道治理" },
        attachFile("议事会.png", "image/png", PNG),
        { content: "Save the draft", trigger: "#zugong_item_save", run: "click" },
        {
            content: "The draft is saved with its file",
            trigger: ".badge:contains(草稿)",
        },
        { content: "Its file is listed", trigger: "a:contains(议事会.png)" },
        {
            content: "Edit the title",
            trigger: "#zugong_item_name",
            run: "edit 江滨街道直报点推行“楼道议事会”解决群众身边小事",
        },
        { content: "Submit", trigger: "#zugong_item_submit", run: "click" },
        {
            content: "The item left the draft",
            trigger: "#wrap:not(:has(#zugong_item_form)) h3:contains(解决群众身边小事)",
        },
    ],
});

tours.add("zugong_portal_officer_similar_item", {
    url: "/my/items/new",
    steps: () => [
        { content: "Title", trigger: "#zugong_item_name", run: "edit 网格党建再推进" },
        {
            content: "A text much like an earlier item",
            trigger: "#zugong_item_body",
            run: "edit 江滨街道坚持把党支部建在网格上，划分城市网格52个，选派网格党支部书记52名，推动党的组织和工作覆盖到每一个网格，建成网格党群驿站13个，今年新增驿站5个。",
        },
        { content: "Save the draft", trigger: "#zugong_item_save", run: "click" },
        { content: "Submit", trigger: "#zugong_item_submit", run: "click" },
        {
            content: "The similar items are shown: title, unit, how much overlaps",
            trigger: "#zugong_item_similar:contains(正文与已报送的信息相似):contains(江滨街道直报点网格党建):contains(江滨街道直报点):contains(相同)",
        },
        {
            content: "Give the reason",
            trigger: "#zugong_item_similar_reason",
            run: "edit 本篇为网格党建第二阶段的新数据",
        },
        { content: "Submit with the reason", trigger: "#zugong_item_submit:contains(附此理由提交)", run: "click" },
        {
            content: "The item left the draft",
            trigger: "#wrap:not(:has(#zugong_item_form)) h3:contains(网格党建再推进)",
        },
    ],
});

tours.add("zugong_portal_officer_commission", {
    url: "/my/commissions",
    steps: () => [
        {
            content: "The commission, its deadline and status",
            trigger: "body:contains(楼道治理):contains(截止时间)",
        },
        { content: "Write an answer", trigger: "a:contains(撰写回稿)", run: "click" },
        {
            content: "The form names the commission",
            trigger: "#zugong_item_commission",
            run() {
                const chosen = this.anchor.selectedOptions[0];
                if (!chosen || !chosen.textContent.includes("楼道治理")) {
                    throw new Error(`the form answers "${chosen && chosen.textContent.trim()}"`);
                }
            },
        },
        { content: "Title", trigger: "#zugong_item_name", run: "edit 江滨街道楼道治理的三点做法" },
        {
            content: "Body",
            trigger: "#zugong_item_body",
            run: "edit 一是建楼道党小组，二是立楼道公约，三是评文明楼道。三项做法让居民从旁观者变为参与者，楼道环境明显改善，邻里纠纷同比下降三成。",
        },
        { content: "Save the draft", trigger: "#zugong_item_save", run: "click" },
        { content: "Submit", trigger: "#zugong_item_submit", run: "click" },
        { content: "Sent", trigger: "#wrap:not(:has(#zugong_item_form)) h3:contains(楼道治理的三点做法)" },
    ],
});

tours.add("zugong_portal_officer_instruction", {
    url: "/my/instructions",
    steps: () => [
        {
            content: "The instruction waits for feedback, with its due date",
            trigger: ".card:contains(江滨街道直报点网格党建):contains(反馈期限):contains(待反馈)",
        },
        { content: "Open it", trigger: "a:contains(江滨街道直报点网格党建)", run: "click" },
        { content: "The leader's words", trigger: "#zugong_instruction_text:contains(请抓好落实)" },
        {
            content: "Write the feedback",
            trigger: "#zugong_feedback_text",
            run: "edit 已在全街道推广网格党建做法，新建网格党群驿站五个。",
        },
        { content: "Report it", trigger: "#zugong_feedback_send:contains(报送落实情况)", run: "click" },
        { content: "The feedback is shown", trigger: "#zugong_instruction_feedback:contains(新建网格党群驿站五个)" },
    ],
});

tours.add("zugong_portal_officer_dashboard", {
    url: "/my/zugong",
    steps: () => [
        { content: "My targets", trigger: "#zugong_targets:contains(目标任务) .card-header:contains(我的目标任务)" },
        { content: "The unit's targets", trigger: "#zugong_targets .card-header:contains(江滨街道直报点)" },
        { content: "My items, a draft among them", trigger: "#zugong_items:contains(草稿)" },
        { content: "The commission to answer", trigger: "#zugong_commissions:contains(楼道治理新做法)" },
        { content: "The instruction awaiting feedback", trigger: "#zugong_instructions:contains(江滨街道直报点网格党建见实效)" },
        { content: "Royalties", trigger: "#zugong_ledger:contains(稿酬)" },
        { content: "Training: today's session", trigger: "#zugong_training:contains(直报点信息写作实训)" },
        { content: "The notices", trigger: "#zugong_portal_nav a[href='/my/notices']", run: "click" },
        { content: "The notices' page", trigger: ".breadcrumb-item.active:contains(通报)" },
    ],
});

tours.add("zugong_portal_internal_officer_write_item", {
    url: "/my/items/new",
    steps: () => [
        { content: "Title", trigger: "#zugong_item_name", run: "edit 临江县推行村级事务“阳光议事”" },
        { content: "Type", trigger: "#zugong_item_type", run: "selectByLabel 动态" },
        {
            content: "Body",
            trigger: "#zugong_item_body",
            run: "edit 临江县在全县村级推行阳光议事制度，村级重大事项一律经村党组织提议、两委商议、党员大会审议、村民代表会议决议，今年以来共议决事项三百余件。",
        },
        { content: "Save the draft", trigger: "#zugong_item_save", run: "click" },
        { content: "The draft is saved", trigger: ".badge:contains(草稿)" },
        { content: "Submit", trigger: "#zugong_item_submit", run: "click" },
        {
            content: "The item left the draft",
            trigger: "#wrap:not(:has(#zugong_item_form)) h3:contains(阳光议事)",
        },
    ],
});
