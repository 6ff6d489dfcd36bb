# The sources of the corpus files: one entry per file, written to tests/corpus/SOURCES.tsv by
# `python3 tests/corpus/tools/sources.py` (the harness checks that every corpus file has a row).
# Columns: file, kind (opening/whole/not-report), year, agency, format (2021 / 2019 by the report
# year; the format of a table the opening holds, when it holds one), source, retrieved, cut.
import os

RETRIEVED = "2026-12-05"
P = "pages:"  # the search tool's stored public web pages, by address

ROWS = [
 # file, year, agency, source, cut
 ("openings/2019-北京市通州区某局.txt", 2019, "北京市通州区某局", P+"http://www.bjtzh.gov.cn/tzzfxxgk/c109616/202009/1314808.shtml", "before 三 (table 三 cut by the page)"),
 ("openings/2019-安康市某局.txt", 2019, "安康市某局", P+"https://www.ankang.gov.cn/Content-2027931.html", "before 三 (table 三 cut)"),
 ("openings/2019-宜春市审计局.txt", 2019, "宜春市审计局", P+"http://sj.yichun.gov.cn/ycssjj/zfxxgknb/202001/62cf82cbe5bc493da6e0215ce1123aa1.shtml", "before 二 (table 二 cut)"),
 ("openings/2019-岳阳市南湖新区某局.txt", 2019, "岳阳市南湖新区某局", P+"https://yynanhu.yueyang.gov.cn/29509/29510/55038/55040/55223/55306/content_1649246.html", "before 三 (table 三 cut)"),
 ("openings/2019-益阳市大通湖区科技和工业信息化局.txt", 2019, "益阳市大通湖区科技和工业信息化局", P+"http://dth.yiyang.gov.cn/28143/34272/content_1918872.html", "before 二 (table 二 cut)"),
 ("openings/2019-西安市雁塔区统计局.txt", 2019, "西安市雁塔区统计局", P+"http://www.yanta.gov.cn/xxgk/qzfxxgkml/zfxxgknb/bmxxgknb/5e9ec8e1fd85080ad1633edf.html", "before 三 (table 三 cut)"),
 ("openings/2019-天津市和平区发展改革委.txt", 2019, "天津市和平区发展改革委", P+"http://www.tjhp.gov.cn/zw/zfxxgk/zfgbm/qfzggw/zfxxgknb/202012/t20201230_5252166.html", "before 二 (table 二 cut)"),
 ("openings/2019-某区政府采购中心.txt", 2019, "某区政府采购中心", P+"http://bhtsg.gov.cn/zwgk/fdzdgk/qtzdxx/sjxxgk/202002/t20200225_2176860.html", "before 二 (table 二 cut)"),
 ("openings/2019-遂宁市人力资源和社会保障局.txt", 2019, "遂宁市人力资源和社会保障局", P+"https://rsj.suining.gov.cn/zwgk/show/01d717b371f74d35ae0dd07be02b88b7.html", "after 一（二） ((三) cut)"),
 ("openings/2020-孝感市人民政府办公室.txt", 2020, "孝感市人民政府办公室", P+"https://www.xiaogan.gov.cn/c/www/bmnb/166938.jhtml", "before 二 (table 二 cut)"),
 ("openings/2020-广元市人民政府以工代赈办公室.txt", 2020, "广元市人民政府以工代赈办公室", P+"http://ygdz.cngy.gov.cn/article_view.aspx?aid=1853", "after 一（二） ((三) cut)"),
 ("openings/2020-上海市人民政府办公厅.txt", 2020, "上海市人民政府办公厅", P+"https://shanghai.gov.cn/nw12344/20210127/dc2f6946248e4f5082644e0a17037633.html", "last full sentence of 一（一）"),
 ("openings/2020-会昌县中村乡.txt", 2020, "会昌县中村乡", P+"http://www.huichang.gov.cn/hcxxxgk/hc1554/202101/157a95c3e64f41039bb3beb14dbc7638.shtml", "before 三 (table 三 cut)"),
 ("openings/2020-湖口县大垅乡.txt", 2020, "湖口县大垅乡", P+"https://www.hukou.gov.cn/dlx/zfxxgknb_171215/202101/t20210116_4743388.html", "before 二 (table 二 cut)"),
 ("openings/2020-临洮县上营乡.txt", 2020, "临洮县上营乡", P+"http://www.lintao.gov.cn/art/2020/12/25/art_6924_1372393.html", "last full sentence (the page is one line)"),
 ("openings/2020-邹城市唐村镇.txt", 2020, "邹城市唐村镇", P+"http://www.zoucheng.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area=11370883004325769B&fbtime=2020", "after 一（三） ((四) cut)"),
 ("openings/2021-来凤县政务服务和大数据管理局.txt", 2021, "来凤县政务服务和大数据管理局", P+"http://www.laifeng.gov.cn/xxgk/gknb/xzbm/xzwj/202201/t20220124_1239406.shtml", "before 二 (table 二 cut)"),
 ("openings/2021-平武县统计局.txt", 2021, "平武县统计局", P+"http://www.pingwu.gov.cn/public/column/12651?type=3&nav=5&sub=4&timeFrame=2021&hasContent=true", "before 二 (table 二 cut)"),
 ("openings/2021-五常市民意乡.txt", 2021, "五常市民意乡", P+"(no address stored; search result for 2021年度政府信息公开工作年度报告 县人民政府 主动公开)", "after 五's first paragraph (cut)"),
 ("openings/2021-广州市市场监督管理局.txt", 2021, "广州市市场监督管理局", P+"https://scjgj.gz.gov.cn/gkmlpt/content/8/8054/post_8054698.html", "after 一（一）一是 (二是 cut)"),
 ("openings/2021-杭州市余杭区.txt", 2021, "杭州市余杭区", P+"http://credit.xhgjzx.net/art/2022/2/18/art_1229621536_4017555.html", "after 一（二） ((三) cut)"),
 ("openings/2021-平阳县人民政府办公室.txt", 2021, "平阳县人民政府办公室", P+"http://www.zjpy.gov.cn/module/xxgk/xxgkAnnualReport.jsp?fbtime=2021&area=001008003008001", "last full sentence of 一（一）"),
 ("openings/2021-遂昌县.txt", 2021, "遂昌县", P+"https://zybttf.com/art/2022/2/17/art_1229604418_66939", "before 一（一） (cut)"),
 ("openings/2021-达州市达川区人力资源和社会保障局.txt", 2021, "达州市达川区人力资源和社会保障局", P+"http://www.dachuan.gov.cn/xxgk-show-124694.html", "after 一（四） ((五) cut)"),
 ("openings/2022-上海市.txt", 2022, "上海市", P+"https://shanghai.gov.cn/nw12344/20230331/4a03b5fa47ae4c73b7ec42801de6be66.html", "after 一（一）'s second paragraph (cut)"),
 ("openings/2022-汉阳区人民政府办公室.txt", 2022, "武汉市汉阳区人民政府办公室", P+"https://www.hanyang.gov.cn/bmxxgk/zfgzjg/qrmzfbgs/zfxxgkndbg/202301/t20230119_2136694.shtml", "before table 三 (cut)"),
 ("openings/2022-平鲁区市政服务单位.txt", 2022, "朔州市平鲁区市政服务单位", P+"http://www.szpinglu.gov.cn/xxgk/plzfxxgk/zfxxgknb/202212/t20221222_421185.html", "last full sentence of 一（五）"),
 ("openings/2022-浑南区国资局.txt", 2022, "沈阳市浑南区国资局", P+"http://www.hunnan.gov.cn/zwgk/zfxxgknb/2022/2022bmdnbg/202301/t20230118_4373320.html", "whole page text (the page holds no tables)"),
 ("openings/2022-清远市清新区人民政府办公室.txt", 2022, "清远市清新区人民政府办公室", P+"https://www.qingxin.gov.cn/bmxz/zgbm/qxqrmzfbgs/zfxxgkgzndbg/content/post_1665156.html", "last full sentence of 一（三）"),
 ("openings/2022-临潼区物流区.txt", 2022, "西安市临潼区物流区", P+"http://www.lintong.gov.cn/zwgk/xxgkml/xxgknb/bmxxgknb/63c11d72f8fd1c4c2137f129.html", "before 二 (table 二 cut)"),
 ("openings/2022-ccxi管委会.txt", 2022, "某管委会(ccxi.gov.cn)", P+"http://ccxi.gov.cn/info/1308/19387.htm", "after 一（一）3 ((二) cut)"),
 ("openings/2022-重庆市九龙坡区二郎街道办事处.txt", 2022, "重庆市九龙坡区二郎街道办事处", P+"http://cqjlp.gov.cn/bmjz/qzfjz_97456/eljd_97738/zwgk_97461/zfxxgknb_97478/202301/t20230130_11545442.html", "before 二 (table 二 cut)"),
 ("openings/2022-广州市越秀区市场监督管理局.txt", 2022, "广州市越秀区市场监督管理局", P+"http://www.yuexiu.gov.cn/zwgk/xxgknb/2022/content/post_8777912.html", "after 一（二） ((三) cut)"),
 ("openings/2022-宜城市教育局.txt", 2022, "宜城市教育局", P+"http://www.ych.gov.cn/xxgk/xxgknb/2022/xzbm/202301/t20230113_3113885.shtml", "before 二 (table 二 cut)"),
 ("openings/2022-葫芦岛市教育局.txt", 2022, "葫芦岛市教育局", P+"https://www.hld.gov.cn/zwgk/zfxxgknb/bmnb/jyj/202301/t20230128_1129303.html", "after 一（三） ((四) cut)"),
 ("openings/2022-湛江市霞山区教育局.txt", 2022, "湛江市霞山区教育局", P+"http://www.zjxs.gov.cn/zfxxgk/xsqrmzfwz/content/post_1845465.html", "after 一（二） ((三) cut)"),
 ("openings/2022-武汉市武昌区教育局.txt", 2022, "武汉市武昌区教育局", P+"https://www.wuchang.gov.cn/xxgk/jyj/zfxxgknb/202301/t20230110_2127550.html", "after 一（二）5 (6 cut)"),
 ("openings/2022-厦门市翔安区教育局.txt", 2022, "厦门市翔安区教育局", P+"http://xiangan.gov.cn/zfxxgk/qrmzfjgzb/XM06104/gkndbg/202301/t20230106_893897.htm", "after 一（二） ((三) cut)"),
 ("openings/2022-上饶市教育局.txt", 2022, "上饶市教育局", P+"https://www.zgsr.gov.cn/jyj/gknb/202301/d758e2a979bf4a4c915ec6c9bdb8eab1.shtml", "after 一（二） ((三) cut)"),
 ("openings/2022-眉山市人力资源和社会保障局.txt", 2022, "眉山市人力资源和社会保障局", P+"https://www.ms.gov.cn/xxgk/xxgk_content.jsp?urltype=news.NewsContentUrl&wbtreeid=5069&wbnewsid=1143514", "after 一（二） ((三) cut)"),
 ("openings/2022-温州市人力资源和社会保障局.txt", 2022, "温州市人力资源和社会保障局", P+"http://www.wenzhou.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area=001008003015012&fbtime=2022", "last full sentence of 一（一）"),
 ("openings/2023-昭通市人民政府.txt", 2023, "昭通市人民政府", P+"https://brianwinch.com/zwgk/zfxxgkpt/zfxxgknb/zfxxgknb2023/2023zsndbg/202403/t20240311_296402.html", "last full sentence of 一（一） (三是 cut)"),
 ("openings/2023-区统计局.txt", 2023, "区统计局", P+"http://61.150.65.235/zfxxgk/zfxxgknb/bmxxgknb/1906985018193408001.html", "before 三 (table 三 cut)"),
 ("openings/2023-某局-养老社会救助.txt", 2023, "某局", P+"https://saintpaulhem.com/jxx/jxxrmzf/xxgknbgs/202403/fadd881c1204427da3d7fff510732e0e.shtml", "before 二 (table 二, in the 2019 layout, cut)"),
 ("openings/2023-高平市人民政府办公室.txt", 2023, "高平市人民政府办公室", P+"http://xxgk.sxgp.gov.cn/gzbm/zfbgs/zfxxgknb/202401/t20240129_1926722.shtml", "after 一（二） ((三) cut)"),
 ("openings/2023-武汉市发展和改革委员会.txt", 2023, "武汉市发展和改革委员会", P+"http://fgw.wuhan.gov.cn/zfxxgk/zfxxgk_6/202401/t20240122_2347411.html", "after 一（三） ((四) cut)"),
 ("openings/2023-长春市某局.txt", 2023, "长春市某局", P+"http://js.changchun.gov.cn/zcbm/styjrswj/ndbg/202401/t20240115_3271106.html", "before 三 (table 三 cut)"),
 ("openings/2023-重庆市渝中区经济和信息化委员会.txt", 2023, "重庆市渝中区经济和信息化委员会", P+"https://www.cqyz.gov.cn/bm_229/qjjxxw/zwgk_97157/zfxxgknb_97166/202401/t20240116_12826120.html", "after 一（一） ((二) cut)"),
 ("openings/2023-杭州市卫生健康委员会.txt", 2023, "杭州市卫生健康委员会", P+"http://www.hangzhou.gov.cn/art/2024/1/22/art_1229063423_4234584.html", "after 一（二） ((三) cut)"),
 ("openings/2023-来宾市卫生健康委员会.txt", 2023, "来宾市卫生健康委员会", P+"http://wjw.laibin.gov.cn/wzsy/xxgk/xxgknb/t17873020.shtml", "after 一（二） ((三) cut)"),
 ("openings/2023-沧州市卫生健康委员会.txt", 2023, "沧州市卫生健康委员会", P+"https://www.cangzhou.gov.cn/wsjkw/c102326/202401/698270b46fa14e40ac780f0bf25742e2.shtml", "after 一（二） (the page's excerpt ends there)"),
 ("openings/2023-信丰县卫生健康委员会.txt", 2023, "信丰县卫生健康委员会", P+"http://jxxf.gov.cn/xfxxxgk/c101039/202401/8beaa5747df44d938268497012eb4c86.shtml", "before 三 (table 三 cut)"),
 ("openings/2023-葫芦岛市卫生健康委员会.txt", 2023, "葫芦岛市卫生健康委员会", P+"https://wsjk.hld.gov.cn/zwgk/zfxxgk/zfxxgknb/202401/t20240125_1166582.html", "after 一（二） ((三) cut)"),
 ("openings/2023-东阳市自然资源和规划局.txt", 2023, "东阳市自然资源和规划局", P+"http://www.dongyang.gov.cn/art/2024/1/18/art_1229304276_4130107.html", "before 二 (table 二 cut); 一 complete"),
 ("openings/2023-东营市自然资源和规划局东营分局.txt", 2023, "东营市自然资源和规划局东营分局", P+"https://staging-d.yunzhan365.com/basic/16090959.html", "before 一（一） (cut); text of a PDF flipbook, lines as the PDF breaks them"),
 ("openings/2023-四川省自然资源厅.txt", 2023, "四川省自然资源厅", P+"https://m.pouringspot.com/dnr/scdnr/scxxgknb/2024/1/31/99b6d529ce3b4dec9816906447e7258c.shtml", "last full sentence of 一（二）"),
 ("openings/2023-阿巴嘎旗自然资源局.txt", 2023, "阿巴嘎旗自然资源局", P+"http://wtlygdj.xlgl.gov.cn/eportal/ui?articleKey=b1710741588949f1955364d3f24984ae&columnId=be3e6bf097944d3fa1585c96da519fd6&pageId=11f1063f98964aba8e33f0e01c3bfaee", "before 三 (table 三 cut); 一 complete"),
 ("openings/2023-甘南州自然资源局.txt", 2023, "甘南州自然资源局", P+"http://www.gnzrmzf.gov.cn/info/2422/69377.htm", "after 一（二） ((三) cut)"),
 ("openings/2023-四川省人力资源和社会保障厅.txt", 2023, "四川省人力资源和社会保障厅", P+"http://rst.sc.gov.cn/rst/xxgknb/2023/12/29/e8437c55c6fa40d4add476101bda6432.shtml", "last full sentence of 一（一）"),
 ("openings/2023-绵阳市安州区人力资源和社会保障局.txt", 2023, "绵阳市安州区人力资源和社会保障局", P+"http://www.anzhou.gov.cn/public/column/16051?type=3&nav=5&sub=1&timeFrame=2023&hasContent=true", "after 一（一） ((二) cut)"),
 ("openings/2024-杭州市上城区小营街道办事处.txt", 2024, "杭州市上城区小营街道办事处", P+"https://www.hzsc.gov.cn/art/2025/1/16/art_1229233089_4327349.html", "after 一（三） ((四) cut)"),
 ("openings/2024-长春市南关区长通街道办事处.txt", 2024, "长春市南关区长通街道办事处", P+"http://zwgk.changchun.gov.cn/ng/xzjdrmzf/ngqztjdbsc/zfxxgknb/202501/t20250120_3376164.html", "after 一（一） ((二) cut); the stored page starts mid-title"),
 ("openings/2024-无锡市锡山区安镇街道.txt", 2024, "无锡市锡山区安镇街道", P+"https://www.jsxishan.gov.cn/doc/2025/01/23/4484819.shtml", "after 一（三） ((四) cut)"),
 ("openings/2024-银川市兴庆区前进街街道办事处.txt", 2024, "银川市兴庆区前进街街道办事处", P+"http://www.xqq.gov.cn/zwgk/bmxxgkml/xqqqjjjdbsc/xxgknb_9490/202501/t20250123_4804883.html", "after 一（三） ((四) cut)"),
 ("openings/2024-长春市南关区永吉街道办事处.txt", 2024, "长春市南关区永吉街道办事处", P+"http://zwgk.changchun.gov.cn/ng/xzjdrmzf/ngqyjjdbsc/zfxxgknb/202501/t20250117_3376028.html", "after 一（三） ((四) cut)"),
 ("openings/2024-大冶市东风路街道.txt", 2024, "大冶市东风路街道", P+"http://hbdaye.gov.cn/zfxxgk/zfxxgkndbg/gb2024/xz2024/202501/t20250120_1186525.html", "after 一（三） ((四) cut)"),
 ("openings/2024-岚皋县民主镇人民政府.txt", 2024, "岚皋县民主镇人民政府", P+"https://www.langao.gov.cn/Content-2786531.html", "after 一（三） ((四) cut)"),
 ("openings/2024-和平县合水镇人民政府.txt", 2024, "和平县合水镇人民政府", P+"http://heping.gov.cn/hyhphsz/gkmlpt/content/0/638/post_638777.html", "before 五 (cut); 二–四 hold no tables on the page"),
 ("openings/2024-嘉祥县金屯镇人民政府.txt", 2024, "嘉祥县金屯镇人民政府", P+"http://jiaxiang.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area=113708290043337186&fbtime=2024", "after 一（二） ((三) cut)"),
 ("openings/2024-宁陕县梅子镇人民政府.txt", 2024, "宁陕县梅子镇人民政府", P+"https://www.ningshan.gov.cn/Content-2790280.html", "before 三 (table 三 cut)"),
 ("openings/2024-兴仁市大山镇.txt", 2024, "兴仁市大山镇", P+"http://www.gzxr.gov.cn/zfxxgk/zfxxgknb/2024n/xzjd/202501/t20250118_86644547.html", "after 一（三） ((四) cut)"),
 ("openings/2024-国家卫生健康委员会.txt", 2024, "国家卫生健康委员会", P+"https://nmgyyxh.org.cn/doc/2025/01/24/367869.shtml", "last full sentence of 一（二）"),
 ("openings/2024-自然资源部.txt", 2024, "自然资源部", P+"https://wxredian.com/art?id=5dbbe3ff32d93b3ca2aaa1c7fe9ee81f", "after 一（一）二是 (三是 cut)"),
 ("openings/2025-海丰县联安镇.txt", 2025, "海丰县联安镇", P+"http://www.gdhf.gov.cn/gdhf/zwgk/gknb/content/post_1221498.html", "before 六 (cut); 二–四 hold no tables on the page"),
 ("openings/2025-开远市.txt", 2025, "开远市", P+"https://www.hh.gov.cn/info/204302/1240682.htm", "last full sentence of 一（一） (二是 cut)"),
 ("openings/2025-大冶市某部门.txt", 2025, "大冶市某部门", P+"http://hbdaye.gov.cn/zfxxgk/zfxxgkndbg/gb2025/2025szbm/202601/t20260126_1303152.html", "after 一 (the page's excerpt ends there); 一 complete"),
 ("openings/2025-昆明市西山区.txt", 2025, "昆明市西山区", P+"http://www.kmxs.gov.cn/c/2026-02-03/7104080.shtml", "after 一（一） ((二) cut)"),
 ("openings/2025-白城市人民政府.txt", 2025, "白城市人民政府", P+"http://xxgk.jlbc.gov.cn/bcsrmzf/bcsrmzfndbg/202603/t20260312_1032479.html", "after 一（二） ((三) cut)"),
 ("openings/2025-荣成市人民政府办公室.txt", 2025, "荣成市人民政府办公室", P+"http://www.rongcheng.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area=11371082004363781R&fbtime=2025", "last full sentence of 一 1."),
 ("openings/2022-昭通市.txt", 2022, "昭通市", P+"https://brianwinch.com/zwgk/zfxxgkpt/zfxxgknb/zfxxgknb2022/2022zsndbg/202303/t20230310_256081.html", "after 一（四）一是 (二是 cut)"),
 ("openings/2022-高平市人民政府办公室.txt", 2022, "高平市人民政府办公室", P+"http://xxgk.sxgp.gov.cn/gzbm/zfbgs/zfxxgknb/202301/t20230118_1734687.shtml", "after 一（二） ((三) cut)"),
 ("openings/2022-固阳县下湿壕镇.txt", 2022, "固阳县下湿壕镇", P+"http://guyang.gov.cn/jdbsc/24971296.jhtml", "before 三 (table 三 cut)"),
 ("whole/2019-上海市人民政府办公厅.html", 2019, "上海市人民政府办公厅", "code: a public GitHub repository's JavaScript file (the search index's file id 18090078150; the index does not name the repository), the report as the HTML string `content`", "whole report; the HTML string unescaped, the markup attributes other than colspan/rowspan dropped, the text and the table structure as found"),
 ("not-reports/2025-武威市人民政府办公室-年报编制通知.txt", 2025, "武威市人民政府办公室", P+"https://www.gswuwei.gov.cn/art/2025/12/19/art_76_1558865.html", "after its 一 (cut); a notice about reports, not a report"),
 ("not-reports/2023-北京市卫生健康委员会-绩效考评报告.txt", 2023, "北京市卫生健康委员会", P+"https://wjw.beijing.gov.cn/zwgk_20040/zyms/202401/t20240118_3539346.html", "after 二（一）1 (cut); a performance report, not a disclosure report"),
]

def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    # Files are named uniquely; the folder they sit in (openings/, openings/overview-complete/,
    # whole/, not-reports/) is found on disk.
    where = {}
    for d, _, names in os.walk(root):
        for n in names:
            if n.endswith((".txt", ".html", ".pdf", ".docx")):
                where[n] = os.path.relpath(os.path.join(d, n), root)
    out = ["file\tkind\tyear\tagency\tformat\tsource\tretrieved\tcut"]
    rows = []
    for f, year, agency, src, cut in ROWS:
        path = where.pop(os.path.basename(f))
        kind = {"openings": "opening", "whole": "whole", "not-reports": "not-report"}[path.split("/")[0]]
        fmt = "n/a" if kind == "not-report" else "2019" if year in (2019, 2020) else "2021"
        rows.append("\t".join([path, kind, str(year), agency, fmt, src, RETRIEVED, cut]))
    assert not where, "corpus files without a source: %s" % sorted(where)
    out += sorted(rows)
    with open(os.path.join(root, "SOURCES.tsv"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(out) + "\n")

main()
